import Manifests
import Synchronization

/// Maps apiVersion + kind to a resource, as kubectl's discovery does: aggregated discovery
/// (`/api`, `/apis` as APIGroupDiscoveryList) when the server offers it, otherwise the legacy
/// per-group-version `APIResourceList`. A kind it does not know makes it ask the server again
/// (a CRD may have been created since), so new custom resources work without a restart.
final class Discovery: Sendable {
    static let aggregatedAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"

    private struct State {
        /// groupVersion → kind → resource.
        var resources: [String: [String: APIResource]] = [:]
        /// nil until the first answer says which discovery the server speaks.
        var aggregated: Bool?
        /// Fetches in flight by URL path: concurrent misses share one request.
        var inFlight: [String: Task<Void, Error>] = [:]
    }

    private let transport: Transport
    private let state = Mutex(State())
    private let fetches = Atomic<Int>(0)

    init(transport: Transport) { self.transport = transport }

    /// Discovery requests sent so far.
    var fetchCount: Int { fetches.load(ordering: .relaxed) }

    func cached(apiVersion: String, kind: String) -> APIResource? {
        state.withLock { $0.resources[apiVersion]?[kind] }
    }

    /// The resource serving `kind` in `apiVersion`, asking the server when it is not cached.
    func resource(apiVersion: String, kind: String) async throws -> APIResource {
        if let known = cached(apiVersion: apiVersion, kind: kind) { return known }
        let (group, _) = ObjectRef.split(apiVersion: apiVersion)
        let aggregated = state.withLock { $0.aggregated }
        if aggregated != false {
            let core = group.isEmpty
            try await shared(core ? "/api" : "/apis") { try await self.refreshAggregated(core: core) }
        }
        if state.withLock({ $0.aggregated }) == false {
            try await shared(apiVersion) { try await self.refreshLegacy(apiVersion: apiVersion) }
        }
        if let found = cached(apiVersion: apiVersion, kind: kind) { return found }
        throw KubeError(
            reason: .unknownKind, message: "the server has no resource for kind \(kind) in \(apiVersion)",
            operation: "discover", object: "\(kind) (\(apiVersion))", server: transport.server)
    }

    /// Forgets everything, e.g. after CRDs were deleted.
    func invalidate() {
        state.withLock { $0.resources = [:] }
    }

    /// Runs `fetch` unless the same fetch is already running, then waits for that one.
    private func shared(_ key: String, _ fetch: @escaping @Sendable () async throws -> Void) async throws {
        let task = state.withLock { s -> Task<Void, Error> in
            if let running = s.inFlight[key] { return running }
            let task = Task { try await fetch() }
            s.inFlight[key] = task
            return task
        }
        defer { state.withLock { s in if s.inFlight[key] == task { s.inFlight[key] = nil } } }
        try await task.value
    }

    private func refreshAggregated(core: Bool) async throws {
        let path = core ? "/api" : "/apis"
        let request = transport.request("GET", path, accept: Discovery.aggregatedAccept, idempotent: true)
        fetches.add(1, ordering: .relaxed)
        let response = try await transport.send(request, operation: "discover", object: path)
        guard response.contentType.contains("as=APIGroupDiscoveryList") else {
            state.withLock { $0.aggregated = false }
            return
        }
        let list = try decode(response, path: path)
        var found: [String: [String: APIResource]] = [:]
        for item in list["items"]?.arrayValue ?? [] {
            let group = item[path: ["metadata", "name"]]?.stringValue ?? ""
            for version in item["versions"]?.arrayValue ?? [] {
                guard let v = version["version"]?.stringValue else { continue }
                let gv = group.isEmpty ? v : "\(group)/\(v)"
                var kinds: [String: APIResource] = [:]
                for entry in version["resources"]?.arrayValue ?? [] {
                    // Entries without responseKind are dropped, as client-go does.
                    guard let name = entry["resource"]?.stringValue,
                        let kind = entry[path: ["responseKind", "kind"]]?.stringValue, !kind.isEmpty
                    else { continue }
                    kinds[kind] = APIResource(
                        name: name, kind: kind, group: group, version: v,
                        namespaced: entry["scope"]?.stringValue == "Namespaced",
                        verbs: entry["verbs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                }
                found[gv] = kinds
            }
        }
        state.withLock { s in
            s.aggregated = true
            // Replace the half of the tree this answer covers: core from /api, groups from /apis.
            s.resources = s.resources.filter { gv, _ in gv.contains("/") == core }
            s.resources.merge(found) { _, new in new }
        }
    }

    private func refreshLegacy(apiVersion: String) async throws {
        let path = apiVersion.contains("/") ? "/apis/\(apiVersion)" : "/api/\(apiVersion)"
        let request = transport.request("GET", path, accept: "application/json, */*", idempotent: true)
        fetches.add(1, ordering: .relaxed)
        let response = try await transport.exchange(request, operation: "discover", object: path)
        if response.status == 404 {
            state.withLock { $0.resources[apiVersion] = [:] }
            return
        }
        guard (200..<300).contains(response.status) else {
            throw KubeError(response: response, operation: "discover", object: path, server: transport.server)
        }
        let list = try decode(response, path: path)
        let (group, version) = ObjectRef.split(apiVersion: apiVersion)
        var kinds: [String: APIResource] = [:]
        for entry in list["resources"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue, !name.contains("/"), let kind = entry["kind"]?.stringValue
            else { continue }
            kinds[kind] = APIResource(
                name: name, kind: kind, group: group, version: version,
                namespaced: entry["namespaced"]?.boolValue ?? false,
                verbs: entry["verbs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        state.withLock { $0.resources[apiVersion] = kinds }
    }

    private func decode(_ response: HTTPResponse, path: String) throws -> Value {
        do {
            return try Value(jsonBytes: response.body)
        } catch {
            throw KubeError(
                reason: .invalidResponse, code: response.status, message: "discovery answer is not JSON: \(error)",
                operation: "discover", object: path, server: transport.server)
        }
    }
}
