import Manifests

/// The patch formats `KubeClient.patch` can send.
public enum PatchType: Sendable {
    /// RFC 7386 JSON merge patch (`application/merge-patch+json`).
    case merge
    /// RFC 6902 JSON patch, a list of operations (`application/json-patch+json`).
    case json
    /// Kubernetes strategic merge patch; built-in kinds only (`application/strategic-merge-patch+json`).
    case strategic

    var contentType: String {
        switch self {
        case .merge: return "application/merge-patch+json"
        case .json: return "application/json-patch+json"
        case .strategic: return "application/strategic-merge-patch+json"
        }
    }
}

/// What happens to an object's dependents when it is deleted.
public enum DeletePropagation: String, Sendable {
    case background = "Background"
    case foreground = "Foreground"
    case orphan = "Orphan"
}

/// Conditions a delete checks on the server: it fails with Conflict when they do not hold.
public struct DeletePreconditions: Sendable, Equatable {
    /// Delete only the object with this uid (not a newer one of the same name).
    public var uid: String?
    /// Delete only if the object is still at this version.
    public var resourceVersion: String?
    public init(uid: String? = nil, resourceVersion: String? = nil) {
        self.uid = uid
        self.resourceVersion = resourceVersion
    }
}

extension KubeClient {
    /// Reads one object. A namespaced kind without `ref.namespace` uses the config's namespace.
    ///
    /// - Throws: `KubeError` (`.notFound` when it does not exist).
    public func get(_ ref: ObjectRef) async throws -> Value {
        let t = try await target(ref, operation: "get")
        return try await perform(
            "GET", t.resource.path(namespace: t.namespace, name: ref.name), idempotent: true, operation: "get",
            object: t.label)
    }

    /// Lists objects of a kind, following `continue` tokens until the last page. Items get
    /// their `apiVersion` and `kind` filled in (the server leaves them out for built-ins).
    ///
    /// - Parameters:
    ///   - namespace: one namespace, or `nil` for all namespaces (ignored for cluster-scoped kinds).
    ///   - limit: page size; `nil` means 500, as kubectl.
    public func list(
        apiVersion: String, kind: String, namespace: String? = nil, labelSelector: String? = nil,
        fieldSelector: String? = nil, limit: Int? = nil
    ) async throws -> [Value] {
        try await listWithVersion(
            apiVersion: apiVersion, kind: kind, namespace: namespace, labelSelector: labelSelector,
            fieldSelector: fieldSelector, limit: limit
        ).items
    }

    /// `list`, plus the list's `resourceVersion`: watch from it to see only later changes.
    public func listWithVersion(
        apiVersion: String, kind: String, namespace: String? = nil, labelSelector: String? = nil,
        fieldSelector: String? = nil, limit: Int? = nil
    ) async throws -> (items: [Value], resourceVersion: String) {
        let label = namespace.map { "\(kind) in namespace \($0)" } ?? "\(kind) (\(apiVersion))"
        let resource = try await resourceNamed(apiVersion, kind, object: label, operation: "list")
        var items: [Value] = []
        var token: String?
        var listVersion = ""
        repeat {
            let path = ListQuery(
                resource: resource, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector,
                limit: limit ?? 500, continueToken: token
            ).path
            let page = try await perform("GET", path, idempotent: true, operation: "list", object: label)
            let (pageItems, next, version) = ListQuery.read(page, resource: resource)
            items.append(contentsOf: pageItems)
            if listVersion.isEmpty { listVersion = version }
            token = next
        } while token != nil
        return (items, listVersion)
    }

    /// Creates an object (POST). A namespaced object without a namespace goes to the config's.
    ///
    /// - Throws: `KubeError` (`.alreadyExists` when the name is taken).
    @discardableResult
    public func create(_ object: Value, fieldManager: String? = nil, dryRun: Bool = false) async throws -> Value {
        let ref = try KubeClient.objectRef(object, operation: "create")
        let t = try await target(ref, operation: "create")
        let query = queryString([("fieldManager", fieldManager), ("dryRun", dryRun ? "All" : nil)])
        // A POST is not repeated after a 5xx or a reset: the object may have been created.
        return try await perform(
            "POST", t.resource.path(namespace: t.namespace) + query, body: object, idempotent: false,
            operation: "create", object: t.label)
    }

    /// Replaces an object (PUT). With `metadata.resourceVersion` set, fails with Conflict when
    /// the object changed in between.
    @discardableResult
    public func update(_ object: Value, fieldManager: String? = nil, dryRun: Bool = false) async throws -> Value {
        let ref = try KubeClient.objectRef(object, operation: "update")
        let t = try await target(ref, operation: "update")
        let query = queryString([("fieldManager", fieldManager), ("dryRun", dryRun ? "All" : nil)])
        return try await perform(
            "PUT", t.resource.path(namespace: t.namespace, name: ref.name) + query, body: object, idempotent: true,
            operation: "update", object: t.label)
    }

    /// Server-side apply (`application/apply-patch+yaml`): creates the object or merges the
    /// fields `fieldManager` sets, removing those it set before and dropped.
    ///
    /// - Parameters:
    ///   - force: take over fields other managers own instead of failing with Conflict.
    ///   - dryRun: compute the result without storing it (`dryRun=All`).
    /// - Throws: `KubeError`; on a conflict, `conflictingFields` lists the contested fields.
    @discardableResult
    public func apply(_ object: Value, fieldManager: String, force: Bool = false, dryRun: Bool = false) async throws
        -> Value
    {
        let ref = try KubeClient.objectRef(object, operation: "apply")
        let t = try await target(ref, operation: "apply")
        let query = queryString([
            ("fieldManager", fieldManager), ("force", force ? "true" : nil), ("dryRun", dryRun ? "All" : nil),
        ])
        // Apply states the whole desired configuration, so a retry after a 5xx is safe.
        return try await perform(
            "PATCH", t.resource.path(namespace: t.namespace, name: ref.name) + query,
            contentType: "application/apply-patch+yaml", body: object, idempotent: true,
            operation: dryRun ? "dry-run apply" : "apply", object: t.label)
    }

    /// Patches an object with a merge, JSON or strategic merge patch.
    @discardableResult
    public func patch(
        _ ref: ObjectRef, type: PatchType, body: Value, fieldManager: String? = nil, dryRun: Bool = false
    ) async throws -> Value {
        let t = try await target(ref, operation: "patch")
        let query = queryString([("fieldManager", fieldManager), ("dryRun", dryRun ? "All" : nil)])
        return try await perform(
            "PATCH", t.resource.path(namespace: t.namespace, name: ref.name) + query, contentType: type.contentType,
            body: body, idempotent: false, operation: "patch", object: t.label)
    }

    /// Deletes an object. Returns the server's answer: a Status, or the object when finalizers
    /// keep it (then with `deletionTimestamp` set).
    ///
    /// - Throws: `KubeError` (`.notFound` when it is already gone, `.conflict` when a precondition fails).
    @discardableResult
    public func delete(
        _ ref: ObjectRef, propagation: DeletePropagation = .background, preconditions: DeletePreconditions? = nil,
        gracePeriodSeconds: Int? = nil, dryRun: Bool = false
    ) async throws -> Value {
        let t = try await target(ref, operation: "delete")
        var options = ObjectValue([
            ("kind", "DeleteOptions"), ("apiVersion", "v1"), ("propagationPolicy", .string(propagation.rawValue)),
        ])
        if let preconditions {
            var p = ObjectValue()
            if let uid = preconditions.uid { p["uid"] = .string(uid) }
            if let rv = preconditions.resourceVersion { p["resourceVersion"] = .string(rv) }
            options["preconditions"] = .object(p)
        }
        if let gracePeriodSeconds { options["gracePeriodSeconds"] = .int(gracePeriodSeconds) }
        if dryRun { options["dryRun"] = ["All"] }
        return try await perform(
            "DELETE", t.resource.path(namespace: t.namespace, name: ref.name), body: .object(options),
            idempotent: true, operation: "delete", object: t.label)
    }

    /// Reads an object through its `/status` subresource.
    public func getStatus(_ ref: ObjectRef) async throws -> Value {
        let t = try await target(ref, operation: "get status")
        return try await perform(
            "GET", t.resource.path(namespace: t.namespace, name: ref.name, subresource: "status"), idempotent: true,
            operation: "get status", object: t.label)
    }

    /// Writes `status` through the `/status` subresource (PUT); the server keeps the spec.
    @discardableResult
    public func updateStatus(_ object: Value, fieldManager: String? = nil) async throws -> Value {
        let ref = try KubeClient.objectRef(object, operation: "update status")
        let t = try await target(ref, operation: "update status")
        let query = queryString([("fieldManager", fieldManager)])
        return try await perform(
            "PUT", t.resource.path(namespace: t.namespace, name: ref.name, subresource: "status") + query,
            body: object, idempotent: true, operation: "update status", object: t.label)
    }

    /// Reads the autoscaling/v1 `Scale` of a Deployment, StatefulSet, ReplicaSet or scalable CR.
    public func getScale(_ ref: ObjectRef) async throws -> Value {
        let t = try await target(ref, operation: "get scale")
        return try await perform(
            "GET", t.resource.path(namespace: t.namespace, name: ref.name, subresource: "scale"), idempotent: true,
            operation: "get scale", object: t.label)
    }

    /// Sets the replica count through the `/scale` subresource; returns the new `Scale`.
    @discardableResult
    public func scale(_ ref: ObjectRef, replicas: Int, fieldManager: String? = nil) async throws -> Value {
        let t = try await target(ref, operation: "scale")
        let query = queryString([("fieldManager", fieldManager)])
        return try await perform(
            "PATCH", t.resource.path(namespace: t.namespace, name: ref.name, subresource: "scale") + query,
            contentType: PatchType.merge.contentType, body: ["spec": ["replicas": .int(replicas)]],
            idempotent: true, operation: "scale", object: t.label)
    }
}

/// One page request of a list, and reading its answer.
struct ListQuery {
    var resource: APIResource
    var namespace: String?
    var labelSelector: String?
    var fieldSelector: String?
    var limit: Int
    var continueToken: String?

    var path: String {
        resource.path(namespace: namespace)
            + queryString([
                ("labelSelector", labelSelector), ("fieldSelector", fieldSelector), ("limit", String(limit)),
                ("continue", continueToken),
            ])
    }

    /// Items (with apiVersion and kind filled in), the next continue token, and the list RV.
    static func read(_ page: Value, resource: APIResource) -> ([Value], String?, String) {
        var items = page["items"]?.arrayValue ?? []
        for i in items.indices {
            if items[i]["apiVersion"] == nil { items[i]["apiVersion"] = .string(resource.apiVersion) }
            if items[i]["kind"] == nil { items[i]["kind"] = .string(resource.kind) }
        }
        let token = page[path: ["metadata", "continue"]]?.stringValue
        let version = page[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
        return (items, token?.isEmpty == false ? token : nil, version)
    }
}
