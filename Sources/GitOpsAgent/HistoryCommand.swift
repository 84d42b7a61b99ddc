import Foundation

let historyCommand = Command(
    name: "history", summary: "List the release history of an application, newest first.",
    positionals: "APP",
    options: [
        .value("config", "FILE", "the agent's config file (gitops-agent.yaml)"),
        .value("format", "text|json", "a table (default) or a JSON array"),
    ],
    details: """
        Reads the release records (ConfigMaps <app>.r<revision> in the history namespace) from
        the application's cluster. The table has REVISION, COMMIT, RESULT, STARTED (UTC),
        DURATION and MESSAGE; JSON objects have revision, commit, result, started, finished,
        message and trigger.
        """
) { args in
    guard args.positionals.count == 1 else { throw UsageError(message: "history needs one application name") }
    let format = args.value("format") ?? "text"
    guard format == "text" || format == "json" else {
        throw UsageError(message: "--format must be text or json, not '\(format)'")
    }
    let config = try Config.load(path: try args.required("config"))
    let releases = try await AgentWiring(config: config).pipeline.history(of: args.positionals[0])
    let text = format == "json" ? HistoryTable.json(releases) : HistoryTable.text(releases)
    FileHandle.standardOutput.write(Data(text.utf8))
    return 0
}
