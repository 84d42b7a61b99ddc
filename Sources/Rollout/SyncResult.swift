import Manifests

/// What a sync did to one object.
public enum ChangeAction: String, Sendable, Equatable {
    case created
    case configured
    case unchanged
    case pruned
    case skipped
    case failed
}

/// One line of a ``SyncResult``: `Deployment/dbs/web configured`.
public struct ChangeEntry: Sendable, Equatable, CustomStringConvertible {
    /// The object.
    public var ref: ObjectRef
    /// What the sync did to it.
    public var action: ChangeAction
    /// Why (for skipped and failed), or health detail.
    public var message: String

    /// An entry with an optional message.
    public init(ref: ObjectRef, action: ChangeAction, message: String = "") {
        self.ref = ref
        self.action = action
        self.message = message
    }

    public var description: String {
        message.isEmpty ? "\(ref) \(action.rawValue)" : "\(ref) \(action.rawValue): \(message)"
    }
}

/// The outcome of syncing one application: one entry per object, the release recorded (or
/// `nil` when nothing changed and no record was written), and a summary line.
public struct SyncResult: Sendable, Equatable, CustomStringConvertible {
    /// The application synced.
    public var application: String
    /// One entry per object, in the order handled.
    public var entries: [ChangeEntry]
    /// The release written by this sync; `nil` when nothing was written: the cluster already
    /// matched the latest release, which succeeded (of this commit or an earlier one: ``previous``
    /// names it), or a retry of a failed commit failed the same way again (then ``errors`` says
    /// why).
    public var release: Release?
    /// The latest release before this sync.
    public var previous: Release?
    /// Why the sync failed (also in the release record).
    public var errors: [RolloutError]
    /// Problems that did not fail the sync, such as an old record that could not be deleted.
    public var warnings: [String]

    /// A result; the executor builds these.
    public init(
        application: String, entries: [ChangeEntry], release: Release?, previous: Release?,
        errors: [RolloutError] = [], warnings: [String] = []
    ) {
        self.application = application
        self.entries = entries
        self.release = release
        self.previous = previous
        self.errors = errors
        self.warnings = warnings
    }

    /// Whether the sync ended well (succeeded, or nothing to do).
    public var succeeded: Bool { errors.isEmpty && (release?.result ?? .succeeded) == .succeeded }

    /// How many entries have `action`.
    public func count(_ action: ChangeAction) -> Int { entries.filter { $0.action == action }.count }

    /// `frontend: revision 3 Succeeded at abc1234: 1 created, 2 configured, 5 unchanged`.
    public var summary: String {
        let counts = [ChangeAction.created, .configured, .unchanged, .pruned, .skipped, .failed]
            .map { (action: $0, count: count($0)) }
            .filter { $0.count > 0 }
            .map { "\($0.count) \($0.action.rawValue)" }
            .joined(separator: ", ")
        let tail = counts.isEmpty ? "no objects" : counts
        guard let release else {
            if !errors.isEmpty {
                let at = previous.map { " (revision \($0.revision) at \($0.commit.shortSHA))" } ?? ""
                return "\(application): still failing\(at): " + errors.map(\.description).joined(separator: "; ")
            }
            let at = previous.map { "revision \($0.revision) at \($0.commit.shortSHA)" } ?? "no release yet"
            return "\(application): up to date (\(at)): \(tail)"
        }
        var text =
            "\(application): revision \(release.revision) \(release.result.rawValue) at \(release.commit.shortSHA): \(tail)"
        if release.result != .succeeded, !release.message.isEmpty { text += "; \(release.message)" }
        return text
    }

    /// One line per object, then the summary.
    public var description: String {
        (entries.map(\.description) + [summary]).joined(separator: "\n")
    }
}
