import Foundation
import Manifests
import Synchronization

/// The emulated API server behind the HTTP daemon: authentication, injected faults, the
/// request log, then routing to discovery, OpenAPI or the resource handlers.
final class APIServer: Sendable {
    let options: EmulatorOptions
    let state: Mutex<ClusterState>
    private let faults = Mutex<[ActiveFault]>([])
    private let log = Mutex<[LoggedRequest]>([])

    private struct ActiveFault: Sendable {
        var fault: Fault
        var remaining: Int?
    }

    /// The CA bundle published in every namespace's `kube-root-ca.crt` ConfigMap.
    let caPEM: String

    init(options: EmulatorOptions, caPEM: String) {
        self.options = options
        self.caPEM = caPEM
        var cluster = ClusterState(historyLimit: options.watchHistory)
        APIServer.seed(&cluster, caPEM: caPEM)
        state = Mutex(cluster)
    }

    // MARK: request log and faults

    func requestLog() -> [LoggedRequest] { log.withLock { $0 } }
    func clearRequestLog() { log.withLock { $0.removeAll() } }
    func addFault(_ fault: Fault) {
        let remaining: Int?
        if case .status(_, _, _, let count) = fault.kind { remaining = count } else { remaining = nil }
        faults.withLock { $0.append(ActiveFault(fault: fault, remaining: remaining)) }
    }
    func removeAllFaults() { faults.withLock { $0.removeAll() } }

    // MARK: entry point

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let response = respond(request)
        let entry = LoggedRequest(
            method: request.method, path: request.path, query: request.queryString,
            contentType: request.header("content-type") ?? "", userAgent: request.header("user-agent") ?? "",
            status: response.status)
        log.withLock {
            if $0.count >= 200_000 { $0.removeFirst(100_000) }
            $0.append(entry)
        }
        return response
    }

    private func respond(_ request: HTTPRequest) -> HTTPResponse {
        guard let user = authenticate(request) else { return APIError.unauthorized.response }
        if let injected = injectedFault(for: request, user: user) { return injected }
        do {
            return try route(request, user: user)
        } catch {
            return error.response
        }
    }

    /// The user name of an authenticated request, nil for 401.
    private func authenticate(_ request: HTTPRequest) -> String? {
        switch options.auth {
        case .none: return "admin"
        case .token(let token):
            guard let header = request.header("authorization"), header == "Bearer \(token)" else { return nil }
            return "admin"
        case .clientCertificate:
            guard case .valid(let cn, _) = request.clientCertificate else { return nil }
            return cn
        }
    }

    private func injectedFault(for request: HTTPRequest, user: String) -> HTTPResponse? {
        enum Action {
            case respond(HTTPResponse)
            case delay(Double)
        }
        let action: Action? = faults.withLock { list -> Action? in
            for i in list.indices {
                let f = list[i].fault
                guard f.method == nil || f.method == request.method, request.path.hasPrefix(f.pathPrefix) else {
                    continue
                }
                switch f.kind {
                case .latency(let seconds): return .delay(seconds)
                case .status(let code, let reason, let message, _):
                    if let r = list[i].remaining {
                        if r <= 0 { continue }
                        list[i].remaining = r - 1
                    }
                    return .respond(APIError(code: code, reason: reason, message: message, details: nil).response)
                case .forbidden(let verb, let resource):
                    let target = ResourcePath(path: request.path)
                    let error = APIError.forbidden(
                        user: user, verb: verb, resource: resource, group: target?.group ?? "",
                        namespace: target?.namespace, name: target?.name)
                    return .respond(error.response)
                }
            }
            return nil
        }
        switch action {
        case .respond(let r): return r
        case .delay(let seconds):
            Thread.sleep(forTimeInterval: seconds)
            return nil
        case nil: return nil
        }
    }

    // MARK: routing

    private func route(_ request: HTTPRequest, user: String) throws(APIError) -> HTTPResponse {
        let path =
            request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
        switch path {
        case "/version": return .json(versionInfo)
        case "/healthz", "/livez", "/readyz":
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array("ok".utf8))
        case "/api": return apiVersions(request)
        case "/apis": return apiGroups(request)
        case "/openapi/v3": return try openAPIRoot()
        case "/openapi/v2": throw APIError.unknownPath
        default: break
        }
        if path.hasPrefix("/openapi/v3/") { return try openAPIDocument(String(path.dropFirst("/openapi/v3/".count))) }
        guard let target = ResourcePath(path: path) else { throw APIError.unknownPath }
        guard let resource = target.resource else {
            if target.version == nil { return try apiGroup(target.group) }
            return try resourceList(group: target.group, version: target.version!)
        }
        let type = try state.withLock { cluster throws(APIError) -> ResourceType in
            guard let t = cluster.type(group: target.group, version: target.version!, resource: resource) else {
                throw APIError.unknownPath
            }
            return t
        }
        if type.namespaced == false, target.namespace != nil { throw APIError.unknownPath }
        if type.namespaced, target.namespace == nil, target.name != nil { throw APIError.unknownPath }
        if type.namespaced, target.namespace == nil, !["GET"].contains(request.method) {
            throw APIError.methodNotAllowed()
        }
        let call = ResourceCall(request: request, type: type, target: target, user: user)
        return try dispatch(call)
    }

    private func dispatch(_ call: ResourceCall) throws(APIError) -> HTTPResponse {
        let method = call.request.method
        switch call.target.subresource {
        case nil: break
        case "status": return try handleStatus(call)
        case "scale": return try handleScale(call)
        case "finalize" where call.type.resource == "namespaces": return try handleStatus(call)
        default: throw APIError.unknownPath
        }
        if call.target.name == nil {
            switch method {
            case "GET":
                return call.isWatch ? try watch(call) : try list(call)
            case "POST": return try create(call)
            case "DELETE": return try deleteCollection(call)
            default: throw APIError.methodNotAllowed()
            }
        }
        switch method {
        case "GET": return call.isWatch ? try watch(call) : try get(call)
        case "PUT": return try update(call)
        case "PATCH": return try patch(call)
        case "DELETE": return try delete(call)
        default: throw APIError.methodNotAllowed()
        }
    }

    var versionInfo: Value {
        [
            "major": "1", "minor": .string(String(options.serverMinor)),
            "gitVersion": .string("v1.\(options.serverMinor).0"),
            "gitCommit": "70d3cc986aa8221cd1dfb1121852688902d3bf53", "gitTreeState": "clean",
            "buildDate": "2024-12-11T00:00:00Z", "goVersion": "go1.23.4", "compiler": "gc",
            "platform": "linux/amd64",
        ]
    }
}

/// A request for one resource type, with its parsed path.
struct ResourceCall: Sendable {
    var request: HTTPRequest
    var type: ResourceType
    var target: ResourcePath
    var user: String

    var namespace: String? { target.namespace }
    var name: String? { target.name }
    var isWatch: Bool {
        target.watchPrefix || ["true", "1"].contains(request.queryValue("watch") ?? "")
    }
    var isDryRun: Bool { request.queryValue("dryRun") == "All" }
    /// The `fieldManager` parameter, else the User-Agent up to its first `/` (`managerOrUserAgent`).
    var manager: String {
        if let m = request.queryValue("fieldManager"), !m.isEmpty { return m }
        let agent = request.header("user-agent") ?? ""
        let prefix = agent.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        return prefix.isEmpty ? "unknown" : prefix
    }
    var wantsTable: Bool { (request.header("accept") ?? "").contains("as=Table") }
}
