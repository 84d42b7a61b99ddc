import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Entry point: `gitops-agent <subcommand> [options]`. Exit codes: 0 ok, 1 findings or
/// differences, 2 error.
func mainEntry(_ argv: [String]) async -> Int32 {
    // A peer closing a socket must not kill the process (libgit2 over git://, curl).
    signal(SIGPIPE, SIG_IGN)
    let args = Array(argv.dropFirst())
    guard let first = args.first, first != "--help", first != "-h", first != "help" else {
        if args.count > 1, let c = allCommands.first(where: { $0.name == args[1] }) {
            print(c.help, terminator: "")
            return 0
        }
        print(topLevelHelp, terminator: "")
        return args.isEmpty ? 2 : 0
    }
    if first == "--version" {
        print("gitops-agent \(agentVersion)")
        return 0
    }
    guard let command = allCommands.first(where: { $0.name == first }) else {
        printError("unknown command '\(first)'; run 'gitops-agent --help' for the list")
        return 2
    }
    let rest = Array(args.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
        print(command.help, terminator: "")
        return 0
    }
    do {
        let parsed = try ParsedArguments(rest, for: command)
        return try await command.run(parsed)
    } catch let error as UsageError {
        printError("\(error.message)\n\(command.usage)")
        return 2
    } catch {
        printError("\(error)")
        return 2
    }
}

var topLevelHelp: String {
    var text =
        "gitops-agent: GitOps continuous delivery for Kubernetes.\n\nusage: gitops-agent <command> [options]\n\ncommands:\n"
    let width = allCommands.map(\.name.count).max() ?? 0
    for c in allCommands {
        text += "  \(c.name)\(String(repeating: " ", count: width - c.name.count + 2))\(c.summary)\n"
    }
    text += "\nRun 'gitops-agent <command> --help' for a command's options. '--version' prints the version.\n"
    return text
}

/// Writes `gitops-agent: error: …` to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("gitops-agent: error: \(message)\n".utf8))
}
