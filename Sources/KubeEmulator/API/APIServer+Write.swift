import Foundation
import Manifests

/// create (POST), update (PUT) and the bookkeeping every write shares.
extension APIServer {
    var nowString: String { Timestamp.format(Date()) }

    func lifecycle(_ call: ResourceCall, name: String) -> ObjectLifecycle {
        ObjectLifecycle(type: call.type, namespace: call.namespace, name: name, now: nowString)
    }

    /// Checks the body's apiVersion, kind and namespace against the URL (defaulting them).
    func checkIdentity(_ body: inout Value, _ call: ResourceCall) throws(APIError) {
        if let apiVersion = body["apiVersion"]?.stringValue, !apiVersion.isEmpty, apiVersion != call.type.apiVersion {
            throw APIError.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version "
                    + "(\(call.type.apiVersion))")
        }
        if let kind = body["kind"]?.stringValue, !kind.isEmpty, kind != call.type.kind {
            throw APIError.badRequest(
                "the kind in the data (\(kind)) does not match the expected kind (\(call.type.kind))")
        }
        body["apiVersion"] = .string(call.type.apiVersion)
        body["kind"] = .string(call.type.kind)
        if call.type.namespaced {
            let bodyNamespace = body[path: ["metadata", "namespace"]]?.stringValue ?? ""
            if !bodyNamespace.isEmpty, bodyNamespace != call.namespace {
                throw APIError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request")
            }
        }
    }

    /// NamespaceLifecycle admission: the namespace must exist and not be terminating.
    func checkNamespace(_ cluster: ClusterState, _ call: ResourceCall, name: String) throws(APIError) {
        guard call.type.namespaced, let ns = call.namespace else { return }
        guard let namespace = cluster.object(namespaceType, namespace: nil, name: ns) else {
            throw APIError.namespaceNotFound(ns)
        }
        if namespace[path: ["metadata", "deletionTimestamp"]] != nil
            || namespace[path: ["status", "phase"]]?.stringValue == "Terminating"
        {
            throw APIError.terminatingNamespace(call.type, name: name, namespace: ns)
        }
    }

    var namespaceType: ResourceType { BuiltInTypes.all.first { $0.resource == "namespaces" }! }

    func create(_ call: ResourceCall) throws(APIError) -> HTTPResponse {
        var body = try decodeObject(call)
        try checkIdentity(&body, call)
        if !call.isDryRun, let rv = body[path: ["metadata", "resourceVersion"]]?.stringValue, !rv.isEmpty {
            throw APIError.internalError("resourceVersion should not be set on objects to be created")
        }
        var name = body[path: ["metadata", "name"]]?.stringValue ?? ""
        if name.isEmpty, let prefix = body[path: ["metadata", "generateName"]]?.stringValue, !prefix.isEmpty {
            name = prefix + randomSuffix()
        }
        guard !name.isEmpty else {
            throw APIError.invalid(
                call.type, name: "", field: "metadata.name", reason: "FieldValueRequired",
                detail: "name or generateName is required")
        }
        let manager = call.manager
        let dryRun = call.isDryRun
        let stored = try state.withLock { cluster throws(APIError) -> Value in
            try checkNamespace(cluster, call, name: name)
            if cluster.object(call.type, namespace: call.namespace, name: name) != nil {
                throw APIError.alreadyExists(call.type, name: name)
            }
            let life = lifecycle(call, name: name)
            var object = life.complete(body, old: nil, subresource: nil)
            object = recordUpdate(
                old: nil, new: object, manager: manager, now: life.now, subresource: nil, schema: life.schema)
            try validate(object, call.type, name: name, cluster: cluster)
            if dryRun { return object }
            let result = cluster.commit(call.type, namespace: call.namespace, name: name, object: object)
            afterWrite(&cluster, call.type, object: result, old: nil)
            return result
        }
        return .json(present(stored, as: call.type), status: 201)
    }

    func update(_ call: ResourceCall) throws(APIError) -> HTTPResponse {
        var body = try decodeObject(call)
        try checkIdentity(&body, call)
        let name = call.name!
        if let bodyName = body[path: ["metadata", "name"]]?.stringValue, bodyName != name {
            throw APIError.badRequest(
                "the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        let result = try write(call, name: name, subresource: nil) { old throws(APIError) in
            let rv = body[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
            if rv.isEmpty, call.type.isCustom {
                throw APIError.invalid(
                    call.type, name: name, field: "metadata.resourceVersion", value: "0x0",
                    detail: "must be specified for an update")
            }
            if !rv.isEmpty, rv != old[path: ["metadata", "resourceVersion"]]?.stringValue {
                throw APIError.conflict(call.type, name: name)
            }
            return body
        }
        return .json(present(result, as: call.type))
    }

    /// The common path of every write to an existing object: `change` turns the stored
    /// object into the candidate; the server completes, records and stores it (or, for a
    /// dry run, only returns it). Unchanged objects are not written.
    func write(
        _ call: ResourceCall, name: String, subresource: String?, operation: String = "Update",
        managedByChange: Bool = false, change: (Value) throws(APIError) -> Value
    ) throws(APIError) -> Value {
        let manager = call.manager
        let dryRun = call.isDryRun
        return try state.withLock { cluster throws(APIError) -> Value in
            guard let old = cluster.object(call.type, namespace: call.namespace, name: name) else {
                throw APIError.notFound(call.type, name: name)
            }
            let candidate = try change(old)
            let life = lifecycle(call, name: name)
            var object = life.complete(candidate, old: old, subresource: subresource)
            if !managedByChange {
                object = recordUpdate(
                    old: old, new: object, manager: manager, operation: operation, now: life.now,
                    subresource: subresource, schema: life.schema)
            }
            try validate(object, call.type, name: name, cluster: cluster)
            if ObjectLifecycle.sameContent(object, old) { return old }
            if dryRun { return object }
            return store(&cluster, call.type, object: object, old: old)
        }
    }

    /// Stores an updated object, finishing a deletion once its last finalizer is gone.
    func store(_ cluster: inout ClusterState, _ type: ResourceType, object: Value, old: Value?) -> Value {
        let namespace = object[path: ["metadata", "namespace"]]?.stringValue
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let finalizers = object[path: ["metadata", "finalizers"]]?.arrayValue ?? []
        if object[path: ["metadata", "deletionTimestamp"]] != nil, finalizers.isEmpty,
            type.resource != "namespaces" || (object[path: ["spec", "finalizers"]]?.arrayValue ?? []).isEmpty
        {
            let stored = cluster.commit(type, namespace: namespace, name: name, object: object)
            let gone = cluster.commit(type, namespace: namespace, name: name, object: nil)
            afterDelete(&cluster, type, object: gone)
            return stored
        }
        let result = cluster.commit(type, namespace: namespace, name: name, object: object)
        afterWrite(&cluster, type, object: result, old: old)
        return result
    }

    private func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })
    }

    /// The few validations clients rely on seeing: immutable selectors, names.
    func validate(_ object: Value, _ type: ResourceType, name: String, cluster: ClusterState) throws(APIError) {
        guard type.group == "apps", ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].contains(type.kind) else {
            return
        }
        guard let selector = object[path: ["spec", "selector"]] else {
            throw APIError.invalid(
                type, name: name, field: "spec.selector", reason: "FieldValueRequired", detail: "Required value")
        }
        let labels = object[path: ["spec", "template", "metadata", "labels"]]?.objectValue ?? ObjectValue()
        for (k, v) in selector["matchLabels"]?.objectValue ?? ObjectValue() where labels[k] != v {
            throw APIError.invalid(
                type, name: name, field: "spec.template.metadata.labels",
                value: "map[string]string{"
                    + labels.map { "\"\($0.key)\":\"\($0.value.stringValue ?? "")\"" }
                    .joined(separator: ", ") + "}", detail: "`selector` does not match template `labels`")
        }
        if let old = cluster.object(type, namespace: object[path: ["metadata", "namespace"]]?.stringValue, name: name),
            let oldSelector = old[path: ["spec", "selector"]], oldSelector != selector
        {
            throw APIError.invalid(
                type, name: name, field: "spec.selector", value: "v1.LabelSelector{…}", detail: "field is immutable")
        }
    }
}
