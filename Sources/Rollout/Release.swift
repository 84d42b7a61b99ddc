import Foundation
import Manifests

/// One release of an application: what was applied, why, when, and how it ended.
///
/// Stored as a ConfigMap `<application>.r<revision>` (see ``Release/configMap(namespace:)``).
public struct Release: Sendable, Equatable {
    /// The git commit a release applies.
    public struct Commit: Sendable, Equatable {
        public var sha: String
        public var author: String
        public var subject: String

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
        public var ref: ObjectRef
        public var action: ChangeAction
        public var message: String

        public init(ref: ObjectRef, action: ChangeAction, message: String = "") {
            self.ref = ref
            self.action = action
            self.message = message
        }
    }

    /// One canary step taken, with the values its analysis measured.
    public struct Step: Sendable, Equatable {
        public var name: String
        public var result: String
        public var started: Date?
        public var finished: Date?
        public var values: [String: Double]
        public var message: String

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

    public var application: String
    public var revision: Int
    public var commit: Commit
    public var trigger: Trigger
    public var started: Date
    public var finished: Date?
    public var result: Result
    public var message: String
    /// Every object the release applied (on failure, also the previous release's objects).
    public var inventory: [ObjectRef]
    public var actions: [Action]
    public var errors: [String]
    public var steps: [Step]

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
