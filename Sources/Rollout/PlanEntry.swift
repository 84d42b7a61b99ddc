import Manifests

/// What the plan does with one object.
public enum PlanAction: String, Sendable, Equatable {
    /// The object does not exist yet.
    case create
    /// The object exists and differs from git.
    case update
    /// The object exists and equals git.
    case unchanged
    /// The object left git and will be deleted.
    case prune
    /// The object left git but is kept (see the entry's reason).
    case skip
}

/// One object in a ``Plan``.
public struct PlanEntry: Sendable, Equatable, CustomStringConvertible {
    /// The object.
    public var ref: ObjectRef
    /// What the plan does with it.
    public var action: PlanAction
    /// The object to send (create/update/unchanged); `nil` for prune and skip.
    public var desired: Value?
    /// The live object, when it exists.
    public var live: Value?
    /// Live versus dry-run result; for a create, `nil` versus the dry-run result.
    public var diff: ObjectDiff
    /// Its sync wave.
    public var wave: Int
    /// Its place in the apply order within the wave.
    public var phase: SyncPhase
    /// Why an object is skipped, or a note such as "dry run deferred until its namespace exists".
    public var reason: String?

    /// An entry; ``Plan`` builds these.
    public init(
        ref: ObjectRef, action: PlanAction, desired: Value?, live: Value?, diff: ObjectDiff, wave: Int,
        phase: SyncPhase, reason: String? = nil
    ) {
        self.ref = ref
        self.action = action
        self.desired = desired
        self.live = live
        self.diff = diff
        self.wave = wave
        self.phase = phase
        self.reason = reason
    }

    /// Whether executing this entry writes to the cluster.
    public var writes: Bool { action == .create || action == .update || action == .prune }

    /// `Deployment/dbs/web update` followed by one indented line per changed field, or the
    /// reason of a skip.
    public var description: String {
        var text = "\(ref) \(action.rawValue)"
        if action == .skip, let reason { text += ": \(reason)" }
        if action == .update {
            for change in diff.changes { text += "\n    \(change)" }
        }
        return text
    }
}
