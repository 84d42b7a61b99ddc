import Foundation
import Manifests

/// PATCH: JSON patch, merge patch, strategic merge patch and server-side apply (KUBE-API.md §4).
extension APIServer {
    enum PatchType: String {
        case json = "application/json-patch+json"
        case merge = "application/merge-patch+json"
        case strategic = "application/strategic-merge-patch+json"
        case apply = "application/apply-patch+yaml"
    }

    func patchType(_ call: ResourceCall) throws(APIError) -> PatchType {
        let raw = (call.request.header("content-type") ?? "").split(separator: ";").first.map { $0.trimmed } ?? ""
        let accepted: [PatchType] = call.type.isCustom ? [.json, .merge, .apply] : [.json, .merge, .strategic, .apply]
        guard let type = PatchType(rawValue: raw.lowercased()), accepted.contains(type) else {
            throw APIError.unsupportedMediaType(
                raw, accepted: accepted.map(\.rawValue) + (call.type.isCustom ? [] : ["application/apply-patch+cbor"]))
        }
        return type
    }

    func patch(_ call: ResourceCall) throws(APIError) -> HTTPResponse {
        let kind = try patchType(call)
        let body = try decodeBody(call)
        let name = call.name!
        if kind == .apply { return try apply(call, body: body, name: name, subresource: nil) }
        if call.request.queryValue("force") != nil {
            throw patchOptionsInvalid("force", "Forbidden: may not be specified for non-apply patch")
        }
        let result = try write(call, name: name, subresource: nil) { old throws(APIError) in
            try patched(old, with: body, kind: kind, call: call, name: name)
        }
        return .json(present(result, as: call.type))
    }

    /// `old` with a non-apply patch applied, the patch's resourceVersion acting as a precondition.
    func patched(_ old: Value, with body: Value, kind: PatchType, call: ResourceCall, name: String) throws(APIError)
        -> Value
    {
        var result: Value
        do {
            switch kind {
            case .json: result = try jsonPatch(old, body)
            case .merge: result = jsonMergePatch(old, body)
            case .strategic: result = try strategicMergePatch(old, body, kind: call.type.kind)
            case .apply: result = old
            }
        } catch {
            throw APIError(
                code: 422, reason: "Invalid",
                message: "\(call.type.group.isEmpty ? call.type.kind : call.type.kind + "." + call.type.group) "
                    + "\"\(name)\" is invalid: patch: Invalid value: \"\(body.jsonString.prefix(200))\": \(error.message)",
                details: nil)
        }
        guard case .object = result else { throw APIError.badRequest("the patch turned the object into a non-object") }
        let oldRV = old[path: ["metadata", "resourceVersion"]]?.stringValue
        let newRV = result[path: ["metadata", "resourceVersion"]]?.stringValue
        if let newRV, !newRV.isEmpty, newRV != oldRV { throw APIError.conflict(call.type, name: name) }
        return result
    }

    func patchOptionsInvalid(_ field: String, _ text: String) -> APIError {
        APIError(
            code: 422, reason: "Invalid", message: "PatchOptions.meta.k8s.io \"\" is invalid: \(field): \(text)",
            details: [
                "group": "meta.k8s.io", "kind": "PatchOptions",
                "causes": [["reason": "FieldValueInvalid", "message": .string(text), "field": .string(field)]],
            ])
    }

    /// Server-side apply: creates a missing object (201) or merges into the live one.
    func apply(_ call: ResourceCall, body: Value, name: String, subresource: String?) throws(APIError) -> HTTPResponse {
        guard let manager = call.request.queryValue("fieldManager"), !manager.isEmpty else {
            throw patchOptionsInvalid("fieldManager", "Required value: is required for apply patch")
        }
        var applied = body
        guard case .object = applied else {
            throw APIError.badRequest("error decoding YAML: the body is not an object")
        }
        try checkIdentity(&applied, call)
        if let bodyName = applied[path: ["metadata", "name"]]?.stringValue, !bodyName.isEmpty, bodyName != name {
            throw APIError.badRequest(
                "the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        if applied[path: ["metadata", "managedFields"]] != nil {
            throw APIError.badRequest("metadata.managedFields must be nil")
        }
        applied.setValue(["metadata", "name"], .string(name))
        if call.type.namespaced, let ns = call.namespace { applied.setValue(["metadata", "namespace"], .string(ns)) }
        let force = call.request.queryValue("force") == "true"
        let dryRun = call.isDryRun
        let (object, created) = try state.withLock { cluster throws(APIError) -> (Value, Bool) in
            let old = cluster.object(call.type, namespace: call.namespace, name: name)
            if old == nil { try checkNamespace(cluster, call, name: name) }
            let life = lifecycle(call, name: name)
            if let old, let rv = applied[path: ["metadata", "resourceVersion"]]?.stringValue, !rv.isEmpty,
                rv != old[path: ["metadata", "resourceVersion"]]?.stringValue
            {
                throw APIError.conflict(call.type, name: name)
            }
            var merged: Value
            do throws(ApplyConflict) {
                merged = try serverSideApply(
                    live: old, applied: applied, manager: manager, force: force, now: life.now, schema: life.schema)
            } catch {
                throw APIError(
                    code: 409, reason: "Conflict", message: error.message, details: error.status["details"])
            }
            let object = life.complete(merged, old: old, subresource: subresource)
            try validate(object, call.type, name: name, cluster: cluster)
            if let old, ObjectLifecycle.sameContent(object, old) { return (old, false) }
            if dryRun { return (object, old == nil) }
            if old == nil {
                let result = cluster.commit(call.type, namespace: call.namespace, name: name, object: object)
                afterWrite(&cluster, call.type, object: result, old: nil)
                return (result, true)
            }
            return (store(&cluster, call.type, object: object, old: old), false)
        }
        return .json(present(object, as: call.type), status: created ? 201 : 200)
    }
}
