/// One request the emulator answered, as kept in its request log.
public struct LoggedRequest: Sendable, CustomStringConvertible {
    public var method: String
    /// The URL path, e.g. `/apis/apps/v1/namespaces/default/deployments/web`.
    public var path: String
    /// The query string as received (decoded values re-encoded), e.g. `fieldManager=kubectl&force=false`.
    public var query: String
    /// The request's Content-Type, empty when none was sent.
    public var contentType: String
    public var userAgent: String
    /// The HTTP status answered.
    public var status: Int

    public init(method: String, path: String, query: String, contentType: String, userAgent: String, status: Int) {
        self.method = method
        self.path = path
        self.query = query
        self.contentType = contentType
        self.userAgent = userAgent
        self.status = status
    }

    /// True for requests that may change stored state: POST, PUT, PATCH and DELETE that are
    /// not dry runs (`dryRun=All`).
    public var isWrite: Bool {
        guard ["POST", "PUT", "PATCH", "DELETE"].contains(method) else { return false }
        return !query.split(separator: "&").contains("dryRun=All")
    }

    public var description: String {
        "\(method) \(path)\(query.isEmpty ? "" : "?" + query) → \(status)"
    }
}
