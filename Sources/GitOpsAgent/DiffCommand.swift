import Foundation

let diffCommand = Command(
    name: "diff", summary: "Show how the clusters differ from the branch head, per application.",
    options: [
        .value("config", "FILE", "the agent's config file (gitops-agent.yaml)"),
        .value("app", "NAME", "only this application"),
        .flag("stats", "print requests and writes per cluster on standard error"),
    ],
    details: """
        Compares a server-side-apply dry run of every object with the live object (after
        normalization; Secret values are masked) and prints a unified YAML diff per changed
        object, then one summary line per application. Writes nothing.

        exit status: 0 no differences, 1 differences (or lint errors that would block a sync),
        2 an error.
        """
) { args in
    let start = ContinuousClock.now
    let wiring = try AgentWiring(config: try Config.load(path: try args.required("config")))
    let reports = try await wiring.pipeline.diff(only: args.value("app"))
    ReportPrinter.print(reports)
    if args.flag("stats") { await wiring.printStats(since: start) }
    return reports.diffExitCode
}
