import Foundation

let syncCommand = Command(
    name: "sync", summary: "Apply every application's manifests at the branch head to its cluster.",
    options: [
        .value("config", "FILE", "the agent's config file (gitops-agent.yaml)"),
        .flag("once", "sync once and exit"),
        .value("app", "NAME", "only this application"),
        .flag("dry-run", "show what would be applied and pruned; write nothing"),
        .flag("stats", "print requests and writes per cluster on standard error"),
    ],
    details: """
        Per application: fetch the branch head, lint its files (any error blocks the commit and
        records a Blocked release), build the desired objects (kustomize when the directory has a
        kustomization.yaml), then plan, apply, prune, wait for health and record the release in
        the cluster. Prints one line per object action and one summary per application.

        exit status: 0 every application succeeded or was unchanged, 1 a release failed or was
        blocked, 2 an error (config, repository, cluster).
        """
) { args in
    let start = ContinuousClock.now
    let path = try args.required("config")
    guard args.flag("once") else {
        throw UsageError(message: "sync needs --once (it syncs once and exits)")
    }
    let wiring = try AgentWiring(config: try Config.load(path: path))
    let reports = try await wiring.pipeline.sync(only: args.value("app"), dryRun: args.flag("dry-run"))
    ReportPrinter.print(reports)
    if args.flag("stats") { await wiring.printStats(since: start) }
    return reports.syncExitCode
}
