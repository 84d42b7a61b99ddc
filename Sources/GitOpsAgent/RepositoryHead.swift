import Rollout

/// The branch head of the manifest repository as the release path needs it: the commit and
/// its files.
struct RepositoryHead: Sendable {
    var commit: Release.Commit
    /// Every file path at the commit, repository-relative.
    var files: [String]
    /// Reads one file's bytes at the commit.
    var read: ManifestLoader.ReadFile
}

/// Where the head comes from: RepoSync's `GitRepository` in the agent (see
/// `GitRepositorySource`), a fixed commit in tests of the pipeline.
protocol RepositorySource: Sendable {
    /// Brings the local copy up to date and returns the branch head.
    func head() async throws -> RepositoryHead
}

/// Makes the client of one configured cluster (`KubeClient` in the agent).
protocol ClusterConnector: Sendable {
    func client(for cluster: Config.Cluster) async throws -> any ClusterClient
}
