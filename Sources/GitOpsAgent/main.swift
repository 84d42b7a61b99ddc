#if canImport(Glibc)
    import Glibc
#endif

exit(await mainEntry(CommandLine.arguments))
