import Foundation
import Manifests

/// One release of an application: what was applied, why, when, and how it ended.
///
/// Stored as a ConfigMap `<application>.r<revision>` (see ``Release/configMap(namespace:)``).
public struct Release: Sendable, Equatable {
    /// The git commit a release applies.
    public struct Commit: Sendable, Equatable {
        /// The full commit id.
        public var sha: String
        /// `Name <email>` of the commit's author.
        public var author: String
        /// The first line of the commit message.
        public var subject: String

        /// A commit; author and subject are optional.
        public init(sha: String, author: String = "", subject: String = "") {
            self.sha = sha
            self.author = author
            self.subject = subject
        }

        /// The first 7 characters of the sha, as people quote it.
        public var shortSHA: String { String(sha.prefix(7)) }
    }

    /// What started a release.
    public enum Trigger: String, Sendable, Equatable {
        case commit
        case rollback
        case retry
    }

    /// How a release ended (or that it has not yet).
    public enum Result: String, Sendable, Equatable {
        case succeeded = "Succeeded"
        case failed = "Failed"
        case rolledBack = "RolledBack"
        /// Lint errors kept the commit from being applied.
        case blocked = "Blocked"
        case paused = "Paused"
        case inProgress = "InProgress"
    }

    /// What happened to one object.
    public struct Action: Sendable, Equatable {
        /// The object acted on.
        public var ref: ObjectRef
        /// What was done.
        public var action: ChangeAction
        /// Why, for skipped and failed objects.
        public var message: String

        /// An action with an optional message.
        public init(ref: ObjectRef, action: ChangeAction, message: String = "") {
            self.ref = ref
            self.action = action
            self.message = message
        }
    }

    /// One canary step taken, with the values its analysis measured.
    public struct Step: Sendable, Equatable {
        /// The step, e.g. `setWeight: 20`.
        public var name: String
        /// How it ended, e.g. `Succeeded`.
        public var result: String
        /// When it began.
        public var started: Date?
        /// When it ended.
        public var finished: Date?
        /// Measured analysis values by name.
        public var values: [String: Double]
        /// What the step saw, e.g. the failed query.
        public var message: String

        /// A step taken.
        public init(
            name: String, result: String, started: Date? = nil, finished: Date? = nil,
            values: [String: Double] = [:], message: String = ""
        ) {
            self.name = name
            self.result = result
            self.started = started
            self.finished = finished
            self.values = values
            self.message = message
        }
    }

    /// The application released.
    public var application: String
    /// 1, 2, 3 … per application.
    public var revision: Int
    /// The commit applied.
    public var commit: Commit
    /// Why the release happened.
    public var trigger: Trigger
    /// When the sync began.
    public var started: Date
    /// When it ended; `nil` while in progress.
    public var finished: Date?
    /// How it ended.
    public var result: Result
    /// A one-line summary (the failure, or `2 created, 1 configured`).
    public var message: String
    /// Every object the release applied (on failure, also the previous release's objects).
    public var inventory: [ObjectRef]
    /// What happened to each object.
    public var actions: [Action]
    /// Every error, as shown to users.
    public var errors: [String]
    /// Canary steps taken.
    public var steps: [Step]

    /// A release; the executor fills in the rest as it runs.
    public init(
        application: String, revision: Int, commit: Commit, trigger: Trigger = .commit, started: Date,
        finished: Date? = nil, result: Result = .inProgress, message: String = "", inventory: [ObjectRef] = [],
        actions: [Action] = [], errors: [String] = [], steps: [Step] = []
    ) {
        self.application = application
        self.revision = revision
        self.commit = commit
        self.trigger = trigger
        self.started = started
        self.finished = finished
        self.result = result
        self.message = message
        self.inventory = inventory
        self.actions = actions
        self.errors = errors
        self.steps = steps
    }

    /// The ConfigMap name of a release: `<application>.r<revision>`.
    public static func recordName(application: String, revision: Int) -> String {
        "\(application).r\(revision)"
    }

    /// `revision 3 Succeeded abc1234 "Bump web to 1.25"`, for history listings.
    public var summary: String {
        var text = "revision \(revision) \(result.rawValue) \(commit.shortSHA)"
        if !commit.subject.isEmpty { text += " \(Value.string(commit.subject).jsonString)" }
        if !message.isEmpty { text += ": \(message)" }
        return text
    }
}
