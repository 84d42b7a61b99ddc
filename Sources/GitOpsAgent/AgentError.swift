/// A failure of one step of the agent's release path, naming the application, the step and
/// what to do next. Config problems are ``ConfigError``.
struct AgentError: Error, Sendable, CustomStringConvertible {
    /// The step that failed.
    enum Step: String, Sendable {
        case fetch = "fetching the repository"
        case manifests = "reading manifests"
        case kustomize = "building with kustomize"
        case cluster = "connecting to the cluster"
        case history = "reading the release history"
        case sync = "syncing"
    }

    var step: Step
    /// The application, when the failure is about one.
    var application: String?
    var message: String

    init(_ step: Step, application: String? = nil, _ message: String) {
        self.step = step
        self.application = application
        self.message = message
    }

    var description: String {
        let subject = application.map { "\($0): " } ?? ""
        return subject + detail
    }

    /// The description without the application's name.
    var detail: String { "\(step.rawValue) failed: \(message)" }
}
