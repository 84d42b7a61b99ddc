import Manifests

/// Legacy and aggregated discovery (KUBE-API.md §2.2–2.3).
extension APIServer {
    private static let aggregatedV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
    private static let aggregatedV2Beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"

    /// The aggregated discovery version the client asked for, if any and if served.
    private func aggregatedVersion(_ request: HTTPRequest) -> String? {
        guard options.servesAggregatedDiscovery else { return nil }
        let accept = request.header("accept") ?? ""
        for item in accept.split(separator: ",") where item.contains("as=APIGroupDiscoveryList") {
            let params = item.split(separator: ";").map { $0.trimmed }
            guard params.contains("g=apidiscovery.k8s.io") else { continue }
            if params.contains("v=v2") { return "v2" }
            if params.contains("v=v2beta1") { return "v2beta1" }
        }
        return nil
    }

    func apiVersions(_ request: HTTPRequest) -> HTTPResponse {
        if let v = aggregatedVersion(request) {
            let list = state.withLock { aggregatedList(groups: [""], cluster: $0, version: v) }
            return .json(list, contentType: v == "v2" ? APIServer.aggregatedV2 : APIServer.aggregatedV2Beta1)
        }
        return .json([
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"]],
        ])
    }

    func apiGroups(_ request: HTTPRequest) -> HTTPResponse {
        if let v = aggregatedVersion(request) {
            let list = state.withLock { cluster in
                aggregatedList(groups: groupNames(cluster).filter { !$0.isEmpty }, cluster: cluster, version: v)
            }
            return .json(list, contentType: v == "v2" ? APIServer.aggregatedV2 : APIServer.aggregatedV2Beta1)
        }
        let groups: [Value] = state.withLock { cluster in
            groupNames(cluster).filter { !$0.isEmpty }.map { groupValue($0, cluster: cluster) }
        }
        return .json(["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)])
    }

    func apiGroup(_ group: String) throws(APIError) -> HTTPResponse {
        let value: Value? = state.withLock { cluster in
            groupNames(cluster).contains(group) && !group.isEmpty ? groupValue(group, cluster: cluster) : nil
        }
        guard var value else { throw APIError.unknownPath }
        value["kind"] = "APIGroup"
        value["apiVersion"] = "v1"
        return .json(value)
    }

    func resourceList(group: String, version: String) throws(APIError) -> HTTPResponse {
        let types = state.withLock { $0.types(group: group, version: version) }
        guard !types.isEmpty else { throw APIError.unknownPath }
        var resources: [Value] = []
        for t in types {
            var main: Value = [
                "name": .string(t.resource), "singularName": .string(t.singular), "namespaced": .bool(t.namespaced),
                "kind": .string(t.kind), "verbs": .array(t.verbs.map { .string($0) }),
            ]
            if !t.shortNames.isEmpty { main["shortNames"] = .array(t.shortNames.map { .string($0) }) }
            if !t.categories.isEmpty { main["categories"] = .array(t.categories.map { .string($0) }) }
            main["storageVersionHash"] = .string(shortHash(t.storageKey))
            resources.append(main)
            for sub in subresources(of: t) {
                var entry: Value = [
                    "name": .string("\(t.resource)/\(sub.name)"), "singularName": "", "namespaced": .bool(t.namespaced),
                ]
                if sub.group != t.group || sub.version != t.version {
                    entry["group"] = .string(sub.group)
                    entry["version"] = .string(sub.version)
                }
                entry["kind"] = .string(sub.kind)
                entry["verbs"] = .array(sub.verbs.map { .string($0) })
                resources.append(entry)
            }
        }
        return .json([
            "kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(resources),
        ])
    }

    // MARK: helpers

    private struct Subresource {
        var name: String
        var group: String
        var version: String
        var kind: String
        var verbs: [String]
    }

    private func subresources(of t: ResourceType) -> [Subresource] {
        var subs: [Subresource] = []
        if t.resource == "namespaces" {
            subs.append(Subresource(name: "finalize", group: "", version: "v1", kind: "Namespace", verbs: ["update"]))
        }
        if t.hasStatus {
            subs.append(
                Subresource(
                    name: "status", group: t.group, version: t.version, kind: t.kind, verbs: ["get", "patch", "update"])
            )
        }
        if t.hasScale {
            subs.append(
                Subresource(
                    name: "scale", group: "autoscaling", version: "v1", kind: "Scale",
                    verbs: ["get", "patch", "update"]))
        }
        return subs
    }

    /// Group names in discovery order: core, built-in groups, then custom groups by name.
    private func groupNames(_ cluster: ClusterState) -> [String] {
        var names: [String] = []
        for gv in cluster.groupVersions where !names.contains(gv.group) { names.append(gv.group) }
        let builtIn = names.filter { BuiltInTypes.groupOrder.contains($0) }.sorted {
            BuiltInTypes.groupOrder.firstIndex(of: $0)! < BuiltInTypes.groupOrder.firstIndex(of: $1)!
        }
        return builtIn + names.filter { !BuiltInTypes.groupOrder.contains($0) }.sorted()
    }

    private func versions(of group: String, _ cluster: ClusterState) -> [String] {
        cluster.groupVersions.filter { $0.group == group }.map(\.version)
    }

    private func groupValue(_ group: String, cluster: ClusterState) -> Value {
        let versions = versions(of: group, cluster).map { v -> Value in
            ["groupVersion": .string("\(group)/\(v)"), "version": .string(v)]
        }
        return ["name": .string(group), "versions": .array(versions), "preferredVersion": versions.first ?? .null]
    }

    private func aggregatedList(groups: [String], cluster: ClusterState, version: String) -> Value {
        var items: [Value] = []
        for group in groups {
            var versionItems: [Value] = []
            for v in versions(of: group, cluster) {
                let resources = cluster.types(group: group, version: v).map { aggregatedResource($0) }
                versionItems.append(["version": .string(v), "resources": .array(resources), "freshness": "Current"])
            }
            let metadata: Value = group.isEmpty ? .object(ObjectValue()) : ["name": .string(group)]
            items.append(["metadata": metadata, "versions": .array(versionItems)])
        }
        return [
            "kind": "APIGroupDiscoveryList", "apiVersion": .string("apidiscovery.k8s.io/\(version)"),
            "metadata": .object(ObjectValue()), "items": .array(items),
        ]
    }

    private func aggregatedResource(_ t: ResourceType) -> Value {
        var o: Value = [
            "resource": .string(t.resource),
            "responseKind": ["group": .string(t.group), "version": .string(t.version), "kind": .string(t.kind)],
            "scope": t.namespaced ? "Namespaced" : "Cluster", "singularResource": .string(t.singular),
            "verbs": .array(t.verbs.map { .string($0) }),
        ]
        if !t.shortNames.isEmpty { o["shortNames"] = .array(t.shortNames.map { .string($0) }) }
        if !t.categories.isEmpty { o["categories"] = .array(t.categories.map { .string($0) }) }
        let subs = subresources(of: t).map { s -> Value in
            [
                "subresource": .string(s.name),
                "responseKind": ["group": .string(s.group), "version": .string(s.version), "kind": .string(s.kind)],
                "verbs": .array(s.verbs.map { .string($0) }),
            ]
        }
        if !subs.isEmpty { o["subresources"] = .array(subs) }
        return o
    }
}

/// A short stable hash (FNV-1a, hex) for `storageVersionHash` and OpenAPI URLs.
func shortHash(_ text: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in text.utf8 {
        h ^= UInt64(b)
        h = h &* 0x100_0000_01b3
    }
    return String(h, radix: 16)
}
