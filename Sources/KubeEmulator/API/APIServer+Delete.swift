import Foundation
import Manifests

/// DELETE of one object or a collection, with finalizers and propagation (KUBE-API.md §3.6).
extension APIServer {
    struct DeleteOptions {
        var propagation = "Background"
        var dryRun = false
        var preconditionUID: String?
        var preconditionRV: String?
        var orphanDependentsFalse = false

        init(_ call: ResourceCall) {
            if let body = try? Value(jsonBytes: call.request.body) {
                if let p = body["propagationPolicy"]?.stringValue { propagation = p }
                if body["orphanDependents"]?.boolValue == true { propagation = "Orphan" }
                if body["orphanDependents"]?.boolValue == false { orphanDependentsFalse = true }
                if (body["dryRun"]?.arrayValue ?? []).contains("All") { dryRun = true }
                preconditionUID = body[path: ["preconditions", "uid"]]?.stringValue
                preconditionRV = body[path: ["preconditions", "resourceVersion"]]?.stringValue
            }
            if let p = call.request.queryValue("propagationPolicy"), !p.isEmpty { propagation = p }
            if call.request.queryValue("orphanDependents") == "true" { propagation = "Orphan" }
            if call.isDryRun { dryRun = true }
        }
    }

    func delete(_ call: ResourceCall) throws(APIError) -> HTTPResponse {
        let name = call.name!
        if call.type.resource == "namespaces", call.type.group.isEmpty,
            ["default", "kube-system", "kube-public"].contains(name)
        {
            throw APIError(
                code: 403, reason: "Forbidden",
                message: "namespaces \"\(name)\" is forbidden: this namespace may not be deleted",
                details: ["name": .string(name), "kind": "namespaces"])
        }
        let options = DeleteOptions(call)
        let now = nowString
        let outcome = try state.withLock { cluster throws(APIError) -> (Value, Bool) in
            guard let old = cluster.object(call.type, namespace: call.namespace, name: name) else {
                throw APIError.notFound(call.type, name: name)
            }
            let uid = old[path: ["metadata", "uid"]]?.stringValue ?? ""
            if let want = options.preconditionUID, want != uid {
                throw APIError(
                    code: 409, reason: "Conflict",
                    message: "Operation cannot be fulfilled on \(call.type.qualifiedResource) \"\(name)\": "
                        + "Precondition failed: UID in precondition: \(want), UID in object meta: \(uid)",
                    details: ["name": .string(name), "kind": .string(call.type.resource)])
            }
            if let want = options.preconditionRV, want != old[path: ["metadata", "resourceVersion"]]?.stringValue {
                throw APIError.conflict(call.type, name: name)
            }
            let graceful = try deletionNeedsFinalizing(old, call.type, options)
            if options.dryRun { return (old, graceful) }
            guard graceful else {
                let gone = cluster.commit(call.type, namespace: call.namespace, name: name, object: nil)
                afterDelete(&cluster, call.type, object: gone)
                return (gone, false)
            }
            var object = old
            if object[path: ["metadata", "deletionTimestamp"]] == nil {
                object.setValue(["metadata", "deletionTimestamp"], .string(now))
                object.setValue(["metadata", "deletionGracePeriodSeconds"], 0)
                if call.type.setsGeneration {
                    object.setValue(
                        ["metadata", "generation"], .int((object[path: ["metadata", "generation"]]?.intValue ?? 0) + 1))
                }
            }
            var finalizers = object[path: ["metadata", "finalizers"]]?.arrayValue ?? []
            let extra: String? =
                options.propagation == "Foreground"
                ? "foregroundDeletion" : options.propagation == "Orphan" ? "orphan" : nil
            if let extra, !finalizers.contains(.string(extra)) {
                finalizers.append(.string(extra))
                object.setValue(["metadata", "finalizers"], .array(finalizers))
            }
            if call.type.resource == "namespaces" { object.setValue(["status", "phase"], "Terminating") }
            if object == old { return (old, true) }
            let stored = cluster.commit(call.type, namespace: call.namespace, name: name, object: object)
            collectGarbage(&cluster)
            return (stored, true)
        }
        let (object, keptForFinalizers) = outcome
        if keptForFinalizers || call.type.isCustom {
            return .json(
                present(object, as: call.type), status: keptForFinalizers && options.orphanDependentsFalse ? 202 : 200)
        }
        var details: Value = ["name": .string(name)]
        if !call.type.group.isEmpty { details["group"] = .string(call.type.group) }
        details["kind"] = .string(call.type.resource)
        details["uid"] = object[path: ["metadata", "uid"]] ?? ""
        return .json([
            "kind": "Status", "apiVersion": "v1", "metadata": .object(ObjectValue()), "status": "Success",
            "details": details,
        ])
    }

    /// Whether the object stays (with a deletionTimestamp) instead of going at once.
    private func deletionNeedsFinalizing(_ object: Value, _ type: ResourceType, _ options: DeleteOptions)
        throws(APIError) -> Bool
    {
        guard ["Background", "Foreground", "Orphan"].contains(options.propagation) else {
            throw APIError.invalid(
                type, name: object[path: ["metadata", "name"]]?.stringValue ?? "", field: "propagationPolicy",
                value: "\"\(options.propagation)\"", reason: "FieldValueNotSupported",
                detail: "supported values: \"Foreground\", \"Background\", \"Orphan\"")
        }
        if type.resource == "namespaces" { return true }
        if !(object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty { return true }
        return options.propagation != "Background"
    }

    func deleteCollection(_ call: ResourceCall) throws(APIError) -> HTTPResponse {
        let labelText = call.request.queryValue("labelSelector") ?? ""
        let labels = labelText.isEmpty ? nil : try LabelSelector(labelText)
        let fieldText = call.request.queryValue("fieldSelector") ?? ""
        let fields = fieldText.isEmpty ? nil : try FieldSelector(fieldText, type: call.type)
        let names: [String] = state.withLock { cluster in
            cluster.list(call.type, namespace: call.namespace).compactMap { entry in
                if let labels, !labels.matches(entry.value[path: ["metadata", "labels"]]?.objectValue) { return nil }
                if let fields, !fields.matches(entry.value) { return nil }
                return entry.value[path: ["metadata", "name"]]?.stringValue
            }
        }
        for name in names {
            var one = call
            one.target.name = name
            _ = try? delete(one)
        }
        return .json([
            "kind": "Status", "apiVersion": "v1", "metadata": .object(ObjectValue()), "status": "Success",
        ])
    }
}
