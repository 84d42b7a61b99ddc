/// How the executor applies, waits and records.
public struct RolloutOptions: Sendable, Equatable {
    /// Server-side-apply field manager.
    public var fieldManager: String
    /// Namespace of the release records (created when missing).
    public var historyNamespace: String
    /// Release records kept per application (the newest succeeded one is kept as well).
    public var historyLimit: Int
    /// Time between health polls.
    public var pollInterval: Duration
    /// Longest wait for a workload; a Deployment's shorter `progressDeadlineSeconds` wins.
    public var healthTimeout: Duration
    /// Longest wait for a CustomResourceDefinition to become Established.
    public var definitionTimeout: Duration
    /// Whether to wait for changed workloads to become healthy before recording success.
    public var waitForHealth: Bool
    /// Reads and dry runs in flight at once while planning (applies stay in order, one by one).
    public var concurrency: Int
    /// Whether applies take over fields other field managers own (server-side apply `force`),
    /// so that git wins over `kubectl edit`; off, such an apply fails with Conflict.
    public var forceConflicts: Bool

    /// Options; every parameter defaults to the value of ``default``.
    public init(
        fieldManager: String = AgentMetadata.fieldManager, historyNamespace: String = "gitops-agent",
        historyLimit: Int = 10, pollInterval: Duration = .seconds(2), healthTimeout: Duration = .seconds(600),
        definitionTimeout: Duration = .seconds(60), waitForHealth: Bool = true, concurrency: Int = 4,
        forceConflicts: Bool = true
    ) {
        self.fieldManager = fieldManager
        self.historyNamespace = historyNamespace
        self.historyLimit = historyLimit
        self.pollInterval = pollInterval
        self.healthTimeout = healthTimeout
        self.definitionTimeout = definitionTimeout
        self.waitForHealth = waitForHealth
        self.concurrency = concurrency
        self.forceConflicts = forceConflicts
    }

    /// Field manager `gitops-agent`, history in `gitops-agent` (10 kept), polls every 2 s, waits at most 600 s.
    public static let `default` = RolloutOptions()
}
