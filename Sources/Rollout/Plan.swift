import Manifests

/// What a sync will do, computed without cluster calls: apply entries grouped into waves
/// (each in phase order), then prune entries in reverse order, plus the problems that block
/// the sync.
///
/// A canary executor can walk ``waves`` one at a time; the plain executor runs them all.
public struct Plan: Sendable, Equatable, CustomStringConvertible {
    /// Apply entries sharing one `gitops-agent.io/sync-wave` value, in phase order.
    public struct Wave: Sendable, Equatable {
        /// The `gitops-agent.io/sync-wave` value.
        public var number: Int
        /// Entries in phase order.
        public var entries: [PlanEntry]
    }

    /// The application planned.
    public var application: String
    /// Apply entries by wave, lowest first.
    public var waves: [Wave]
    /// Objects of the previous inventory that left git: `prune` or `skip`, in delete order.
    public var prunes: [PlanEntry]
    /// Problems that keep the plan from running; when not empty nothing is applied.
    public var errors: [RolloutError]

    /// Pairs desired objects with live state.
    ///
    /// - Parameters:
    ///   - desired: prepared objects in apply order (``DesiredObject/prepare(_:for:scopes:)``).
    ///   - live: live objects by ref, for desired objects and the previous inventory; a
    ///     missing key means "does not exist".
    ///   - dryRun: server-side-apply dry-run result per desired object; when missing for an
    ///     object that does not exist yet (its namespace or CRD is created by this plan), the
    ///     desired object stands in.
    ///   - previousInventory: the latest release's inventory.
    ///   - errors: problems found while preparing (passed through).
    public init(
        application: Application, desired: [DesiredObject], live: [ObjectRef: Value], dryRun: [ObjectRef: Value],
        previousInventory: [ObjectRef], errors: [RolloutError] = []
    ) {
        self.application = application.name
        self.errors = errors
        let liveByKey = Dictionary(live.map { ($0.key.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let dryRunByKey = Dictionary(dryRun.map { ($0.key.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        var waves: [Wave] = []
        for object in desired {
            let current = liveByKey[object.ref.key]
            if let owner = AgentMetadata.annotations(of: current)[AgentMetadata.appKey]?.stringValue,
                owner != application.name
            {
                self.errors.append(
                    RolloutError(
                        .invalidObject,
                        "belongs to application \(owner) (annotation \(AgentMetadata.appKey)); remove it from one "
                            + "of the two applications",
                        ref: object.ref))
                continue
            }
            let result = dryRunByKey[object.ref.key]
            let diff = ObjectDiff(ref: object.ref, live: current, desired: result ?? object.object)
            let action: PlanAction = current == nil ? .create : (diff.isEmpty ? .unchanged : .update)
            let entry = PlanEntry(
                ref: object.ref, action: action, desired: object.object, live: current, diff: diff,
                wave: object.wave, phase: object.phase,
                reason: result == nil ? "dry run deferred until its namespace or definition exists" : nil)
            if waves.last?.number == object.wave {
                waves[waves.count - 1].entries.append(entry)
            } else {
                waves.append(Wave(number: object.wave, entries: [entry]))
            }
        }
        self.waves = waves
        prunes = PruneSelection.select(
            previousInventory: previousInventory, desired: desired.map(\.ref), live: live, application: application)
    }

    /// Every entry: applies in order, then prunes.
    public var entries: [PlanEntry] { waves.flatMap(\.entries) + prunes }

    /// Whether running the plan writes any object.
    public var hasChanges: Bool { entries.contains(where: \.writes) }

    /// The inventory after a successful run: every desired object.
    public var inventory: [ObjectRef] { waves.flatMap { $0.entries.map(\.ref) } }

    /// The unified diffs of every changed entry, concatenated (for `gitops-agent diff`).
    public var unifiedDiff: String {
        entries.filter(\.writes).map(\.diff.unified).joined()
    }

    /// One entry per object (with field changes), then one line per error.
    public var description: String {
        (entries.map(\.description) + errors.map { "error: \($0)" }).joined(separator: "\n")
    }
}
