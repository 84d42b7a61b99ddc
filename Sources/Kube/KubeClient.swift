import Manifests

/// A client for one Kubernetes API server: discovery, CRUD verbs, server-side apply, watches.
///
/// Requests run on the client's own transfer threads over kept-alive HTTPS connections, with a
/// client-side rate limit and retries (see `ClientOptions` and `RetryPolicy`); failures are
/// `KubeError`s.
///
/// ```swift
/// let client = try KubeClient(config: try ClusterConfig.load(context: "prod"))
/// let live = try await client.apply(desired, fieldManager: "gitops-agent")
/// ```
public final class KubeClient: Sendable {
    /// Where the client connects and how it authenticates.
    public let config: ClusterConfig
    /// Timeouts, rate limit and retries in force.
    public let options: ClientOptions
    let transport: Transport
    let discovery: Discovery

    /// - Throws: `KubeError` `.invalidConfig` when the server URL is unusable.
    public init(config: ClusterConfig, options: ClientOptions = .default) throws {
        self.config = config
        self.options = options
        transport = try Transport(config: config, options: options)
        discovery = Discovery(transport: transport)
    }

    deinit { transport.close() }

    /// HTTP requests sent so far (retries and discovery included).
    public var requestCount: Int { transport.metrics.requests.load(ordering: .relaxed) }

    /// All counters of this client.
    public var metrics: ClientMetrics { transport.metrics.snapshot(throttled: transport.limiter.throttledCount) }

    /// How many times an exec credential plugin ran.
    public var execPluginRuns: Int { transport.credentials.execRuns }

    /// The resource that serves `kind` in `apiVersion`: its URL name and scope. Asks the server
    /// again when the kind is not known yet (e.g. right after its CRD was created).
    ///
    /// - Throws: `KubeError` `.unknownKind` when the server does not serve it.
    public func resource(for apiVersion: String, kind: String) async throws -> APIResource {
        try await discovery.resource(apiVersion: apiVersion, kind: kind)
    }

    /// Forgets cached discovery answers.
    public func invalidateDiscovery() { discovery.invalidate() }

    // MARK: - Plumbing shared by the verbs

    struct Target {
        var resource: APIResource
        var namespace: String?
        var label: String
    }

    func target(_ ref: ObjectRef, operation: String) async throws -> Target {
        let resource = try await resourceNamed(ref.apiVersion, ref.kind, object: ref.description, operation: operation)
        let namespace = resource.namespaced ? (ref.namespace ?? config.namespace) : nil
        var shown = ref
        shown.namespace = namespace
        return Target(resource: resource, namespace: namespace, label: shown.description)
    }

    func resourceNamed(_ apiVersion: String, _ kind: String, object: String, operation: String) async throws
        -> APIResource
    {
        do {
            return try await discovery.resource(apiVersion: apiVersion, kind: kind)
        } catch var error as KubeError {
            error.object = object
            error.operation = operation
            throw error
        }
    }

    func perform(
        _ method: String, _ path: String, contentType: String? = nil, body: Value? = nil, idempotent: Bool,
        operation: String, object: String
    ) async throws -> Value {
        var bytes: [UInt8]?
        if let body { bytes = Array(body.jsonString.utf8) }
        let request = transport.request(
            method, path, contentType: contentType ?? (body == nil ? nil : "application/json"), body: bytes,
            idempotent: idempotent)
        let response = try await transport.send(request, operation: operation, object: object)
        return try decodeBody(response, operation: operation, object: object)
    }

    func decodeBody(_ response: HTTPResponse, operation: String, object: String) throws -> Value {
        do {
            return try Value(jsonBytes: response.body)
        } catch {
            throw KubeError(
                reason: .invalidResponse, code: response.status, message: "the answer is not JSON: \(error)",
                operation: operation, object: object, server: transport.server)
        }
    }

    static func objectRef(_ object: Value, operation: String) throws -> ObjectRef {
        guard let ref = ObjectRef(object: object) else {
            throw KubeError(
                reason: .invalidConfig, message: "the object has no apiVersion, kind or metadata.name",
                operation: operation)
        }
        return ref
    }
}
