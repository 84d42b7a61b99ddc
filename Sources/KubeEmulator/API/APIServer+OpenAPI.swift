import Manifests

/// Just enough OpenAPI v3 for kubectl (KUBE-API.md §2.4): each PATCH operation advertises the
/// `fieldValidation` parameter, so kubectl leaves validation to the server; schemas carry
/// their GVK and top-level field descriptions for `kubectl explain`. No `requestBody` on
/// purpose: kubectl then builds strategic merge patches from its compiled-in types.
extension APIServer {
    func openAPIRoot() throws(APIError) -> HTTPResponse {
        guard options.servesOpenAPI else { throw APIError.unknownPath }
        let paths: [(String, Value)] = state.withLock { cluster in
            cluster.groupVersions.map { gv in
                let key = gv.group.isEmpty ? "api/\(gv.version)" : "apis/\(gv.group)/\(gv.version)"
                let hash = shortHash(
                    cluster.types(group: gv.group, version: gv.version).map(\.kind).joined(separator: ","))
                return (key, ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(hash.uppercased())")])
            }
        }
        return .json(["paths": .object(ObjectValue(paths.map { (key: $0.0, value: $0.1) }))])
    }

    func openAPIDocument(_ key: String) throws(APIError) -> HTTPResponse {
        guard options.servesOpenAPI else { throw APIError.unknownPath }
        let parts = key.split(separator: "/").map(String.init)
        let group: String
        let version: String
        switch (parts.first, parts.count) {
        case ("api", 2):
            group = ""
            version = parts[1]
        case ("apis", 3):
            group = parts[1]
            version = parts[2]
        default: throw APIError.unknownPath
        }
        let types = state.withLock { $0.types(group: group, version: version) }
        guard !types.isEmpty else { throw APIError.unknownPath }
        var paths = ObjectValue()
        var schemas = ObjectValue()
        let prefix = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        for t in types {
            let gvk: Value = ["group": .string(t.group), "version": .string(t.version), "kind": .string(t.kind)]
            let path =
                t.namespaced
                ? "\(prefix)/namespaces/{namespace}/\(t.resource)/{name}" : "\(prefix)/\(t.resource)/{name}"
            paths[path] = [
                "patch": [
                    "operationId": .string("patch\(t.kind)"),
                    "x-kubernetes-group-version-kind": gvk,
                    "parameters": [["name": "fieldValidation", "in": "query", "schema": ["type": "string"]]],
                    "responses": ["200": ["description": "OK"]],
                ]
            ]
            schemas[schemaName(t)] = [
                "description": .string("\(t.kind) as served by the kube-emulator."),
                "type": "object",
                "properties": [
                    "apiVersion": [
                        "description": "APIVersion defines the versioned schema of this representation of an object.",
                        "type": "string",
                    ],
                    "kind": [
                        "description": "Kind is a string value representing the REST resource this object represents.",
                        "type": "string",
                    ],
                    "metadata": [
                        "description": "Standard object's metadata.", "type": "object",
                    ],
                    "spec": ["description": "Spec defines the desired state.", "type": "object"],
                    "status": ["description": "Status is the observed state.", "type": "object"],
                ],
                "x-kubernetes-group-version-kind": [gvk],
            ]
        }
        return .json([
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": .string("v1.\(options.serverMinor).0")],
            "paths": .object(paths), "components": ["schemas": .object(schemas)],
        ])
    }

    private func schemaName(_ t: ResourceType) -> String {
        if t.isCustom {
            return t.group.split(separator: ".").reversed().joined(separator: ".") + ".\(t.version).\(t.kind)"
        }
        if t.group == "apiextensions.k8s.io" {
            return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.\(t.version).\(t.kind)"
        }
        let short = t.group.isEmpty ? "core" : String(t.group.split(separator: ".").first!)
        return "io.k8s.api.\(short).\(t.version).\(t.kind)"
    }
}
