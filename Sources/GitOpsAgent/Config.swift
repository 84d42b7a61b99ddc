import Manifests

/// The agent's configuration, read from `gitops-agent.yaml` (keys in `../shared/DESIGN.md`):
/// the repository, the clusters and the applications.
///
/// Relative file paths in the config (kubeconfig, tokenFile, …) are resolved against the
/// directory of the config file.
struct Config: Sendable {
    /// The manifest repository and how to reach it.
    struct Repository: Sendable, Equatable {
        var url: String
        var branch = "main"
        /// Poll interval of `run`.
        var interval: Duration = .seconds(30)
        var tokenFile: String?
        /// User name sent with the token over https (many servers ignore it).
        var username: String?
        var sshKeyFile: String?
        var sshKeyPassphraseFile: String?
        var knownHostsFile: String?
        var caFile: String?
        /// Where the local clone lives between runs; by default under the user's cache directory.
        var cacheDirectory: String?
        /// Deadline of one fetch.
        var timeout: Duration = .seconds(60)
    }

    /// A cluster the agent applies to.
    struct Cluster: Sendable, Equatable {
        var name: String
        var kubeconfig: String?
        var context: String?
        var inCluster = false
        /// Requests per second the client allows itself (0: no limit); `nil` keeps Kube's default.
        var qps: Int?
        /// Requests that may go out at once before `qps` applies.
        var burst: Int?
        /// Deadline of one API request.
        var timeout: Duration?
        /// Where the cluster is named in the config file, for errors.
        var mark: Mark
    }

    /// Settings shared by an application written out and by a directory generator.
    struct ApplicationSettings: Sendable, Equatable {
        var cluster: String
        var namespace: String?
        var prune = true
        var pruneNamespaces = false
        var prunePersistentVolumeClaims = false
        var pruneCustomResourceDefinitions = false
        var historyLimit = 10
        var allowedNamespaces: [String] = []
        /// Longest wait for workloads to become healthy; `nil` takes the config's default.
        var healthTimeout: Duration?
        var mark: Mark
        var clusterMark: Mark
    }

    /// An `applications:` entry: one application, or one per directory matching a glob.
    enum ApplicationEntry: Sendable, Equatable {
        case single(name: String, path: String, ApplicationSettings)
        case directories(pattern: String, ApplicationSettings)

        var settings: ApplicationSettings {
            switch self {
            case .single(_, _, let s), .directories(_, let s): return s
            }
        }
    }

    /// The config file's path as given (used in messages).
    var path: String
    var repository: Repository
    /// Namespace of the release records in every cluster.
    var historyNamespace = "gitops-agent"
    /// Default longest wait for workloads to become healthy.
    var healthTimeout: Duration = .seconds(300)
    /// Time between health polls.
    var healthPollInterval: Duration = .seconds(2)
    /// Whether a release waits for its changed workloads to become healthy before it succeeds.
    var waitForHealth = true
    var clusters: [Cluster]
    var applications: [ApplicationEntry]

    func cluster(named name: String) -> Cluster? {
        clusters.first { $0.name == name }
    }
}
