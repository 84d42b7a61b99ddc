import Foundation

/// Builds the release path from the real modules: RepoSync for the repository, Kube for the
/// clusters, Lint for the gate.
struct AgentWiring: Sendable {
    let pipeline: ReleasePipeline
    let connector: KubeConnector

    init(config: Config) throws {
        connector = KubeConnector()
        pipeline = ReleasePipeline(
            config: config, source: try GitRepositorySource(config.repository), connector: connector, lint: .kubernetes)
    }

    /// `--stats`: the client metrics of every cluster used, on standard error.
    func printStats(since start: ContinuousClock.Instant) async {
        let elapsed = ContinuousClock.now - start
        var text = "stats: \(ConfigDuration.format(elapsed)) wall\n"
        for line in await connector.stats() { text += "stats: \(line)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
