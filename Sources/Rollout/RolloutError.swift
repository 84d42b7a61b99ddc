import Manifests

/// The one error type of the Rollout module: what failed, on which object, and the cause.
///
/// Its description reads like `Deployment/dbs/web apply failed (Invalid): spec.replicas: …`.
public struct RolloutError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is, for callers that react to it.
    public enum Code: String, Sendable {
        /// The desired objects cannot be applied as they are (namespace, ownership, scope).
        case invalidObject
        /// The cluster refused or failed a request.
        case cluster
        /// A workload did not become healthy in time, or became degraded.
        case unhealthy
        /// A release record could not be read or written.
        case history
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human message saying what failed and what to do next.
    public var message: String
    /// The object the error is about, when there is one.
    public var ref: ObjectRef?
    /// The underlying error's description (e.g. the server's message), when there is one.
    public var cause: String?

    /// An error about `ref` (when given), caused by `cause` (when given).
    public init(_ code: Code, _ message: String, ref: ObjectRef? = nil, cause: String? = nil) {
        self.code = code
        self.message = message
        self.ref = ref
        self.cause = cause
    }

    public var description: String {
        var text = ref.map { "\($0) \(message)" } ?? message
        if let cause { text += ": \(cause)" }
        return text
    }
}
