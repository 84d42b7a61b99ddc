/// Every subcommand, in the order `gitops-agent --help` lists them. A new subcommand is one
/// entry here plus its own `<Name>Command.swift`.
let allCommands: [Command] = [
    renderCommand,
    lintCommand,
    hookCommand,
    diffCommand,
    syncCommand,
    historyCommand,
    versionCommand,
]

/// The agent's version, printed by `--version`.
let agentVersion = "0.1.0"

let versionCommand = Command(name: "version", summary: "Print the version of gitops-agent.") { _ in
    print("gitops-agent \(agentVersion)")
    return 0
}
