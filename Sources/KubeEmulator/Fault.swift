/// A failure the emulator injects into matching requests, to test how clients cope.
public struct Fault: Sendable {
    /// What happens to a matching request.
    public enum Kind: Sendable {
        /// Answer with a `Status` of this code, reason and message, `count` times (nil: always).
        case status(code: Int, reason: String, message: String, count: Int?)
        /// Wait this many seconds, then handle the request normally.
        case latency(seconds: Double)
        /// Answer 403 as RBAC does: `<resource> is forbidden: User "…" cannot <verb> resource …`.
        case forbidden(verb: String, resource: String)
    }

    /// HTTP method to match (`GET`, `PATCH`, …); nil matches every method.
    public var method: String?
    /// Matches requests whose path starts with this text, e.g. `/api/v1/namespaces/default/configmaps`.
    public var pathPrefix: String
    public var kind: Kind

    public init(method: String? = nil, pathPrefix: String, kind: Kind) {
        self.method = method
        self.pathPrefix = pathPrefix
        self.kind = kind
    }
}
