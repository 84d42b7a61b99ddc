import Foundation
import Manifests

/// The `/status` and `/scale` subresources (KUBE-API.md §6).
extension APIServer {
    func handleStatus(_ call: ResourceCall) throws(APIError) -> HTTPResponse {
        guard call.type.hasStatus || call.target.subresource == "finalize", let name = call.name else {
            throw APIError.unknownPath
        }
        switch call.request.method {
        case "GET": return try get(call)
        case "PUT":
            var body = try decodeObject(call)
            try checkIdentity(&body, call)
            let result = try write(call, name: name, subresource: "status") { old throws(APIError) in
                let rv = body[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
                if !rv.isEmpty, rv != old[path: ["metadata", "resourceVersion"]]?.stringValue {
                    throw APIError.conflict(call.type, name: name)
                }
                return body
            }
            return .json(present(result, as: call.type))
        case "PATCH":
            let kind = try patchType(call)
            let body = try decodeBody(call)
            if kind == .apply { return try apply(call, body: body, name: name, subresource: "status") }
            let result = try write(call, name: name, subresource: "status") { old throws(APIError) in
                try patched(old, with: body, kind: kind, call: call, name: name)
            }
            return .json(present(result, as: call.type))
        default: throw APIError.methodNotAllowed()
        }
    }

    /// Paths of a scalable type: built-ins use spec.replicas, CRDs say where theirs are.
    private func scalePaths(_ type: ResourceType) -> (spec: [String], status: [String], selector: [String]?) {
        if let s = type.scale {
            func split(_ p: String) -> [String] { p.split(separator: ".").map(String.init) }
            return (split(s.specReplicasPath), split(s.statusReplicasPath), s.labelSelectorPath.map(split))
        }
        return (["spec", "replicas"], ["status", "replicas"], nil)
    }

    private func scaleObject(_ object: Value, _ type: ResourceType) -> Value {
        let paths = scalePaths(type)
        var meta = ObjectValue()
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let v = object[path: ["metadata", key]] { meta[key] = v }
        }
        let selector: String
        if let path = paths.selector {
            selector = object[path: path]?.stringValue ?? ""
        } else {
            let labels = object[path: ["spec", "selector", "matchLabels"]]?.objectValue ?? ObjectValue()
            selector = labels.map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
        }
        var status: Value = ["replicas": .int(object[path: paths.status]?.intValue ?? 0)]
        if !selector.isEmpty { status["selector"] = .string(selector) }
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": .object(meta),
            "spec": ["replicas": .int(object[path: paths.spec]?.intValue ?? 0)], "status": status,
        ]
    }

    func handleScale(_ call: ResourceCall) throws(APIError) -> HTTPResponse {
        guard call.type.hasScale, let name = call.name else { throw APIError.unknownPath }
        let paths = scalePaths(call.type)
        switch call.request.method {
        case "GET":
            let object = try state.withLock { cluster throws(APIError) -> Value in
                guard let o = cluster.object(call.type, namespace: call.namespace, name: name) else {
                    throw APIError.notFound(call.type, name: name)
                }
                return o
            }
            return .json(scaleObject(object, call.type))
        case "PUT", "PATCH":
            let body = try decodeBody(call)
            let kind: PatchType? = call.request.method == "PATCH" ? try patchType(call) : nil
            if kind == .apply {
                throw APIError.unsupportedMediaType(
                    "application/apply-patch+yaml", accepted: [PatchType.json, .merge, .strategic].map(\.rawValue))
            }
            let result = try write(call, name: name, subresource: "scale") { old throws(APIError) in
                let scale = scaleObject(old, call.type)
                let newScale: Value
                if let kind {
                    newScale = try patched(
                        scale, with: body, kind: kind == .strategic ? .merge : kind, call: call, name: name)
                } else {
                    let rv = body[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
                    if !rv.isEmpty, rv != old[path: ["metadata", "resourceVersion"]]?.stringValue {
                        throw APIError.conflict(call.type, name: name)
                    }
                    newScale = body
                }
                guard let replicas = newScale[path: ["spec", "replicas"]]?.intValue, replicas >= 0 else {
                    throw APIError(
                        code: 422, reason: "Invalid",
                        message: "Scale.autoscaling \"\(name)\" is invalid: spec.replicas: Invalid value: must be "
                            + "greater than or equal to 0", details: nil)
                }
                var updated = old
                updated.setValue(paths.spec, .int(replicas))
                return updated
            }
            return .json(scaleObject(result, call.type))
        default: throw APIError.methodNotAllowed()
        }
    }
}
