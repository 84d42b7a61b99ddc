#if canImport(Glibc)
    import Glibc
#endif

let status = await mainEntry(CommandLine.arguments)
// Leave without atexit handlers: the Kube client's transfer threads may still hold curl and
// OpenSSL state, and OpenSSL's exit-time cleanup under them crashed one run in about ten.
fflush(nil)
_exit(status)
