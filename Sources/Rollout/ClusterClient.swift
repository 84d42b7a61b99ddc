import Manifests

/// What the rollout executor needs from a cluster; `KubeClient` conforms, and so can a
/// test double.
///
/// Implementations report "not found" as `nil` from ``get(_:)`` and throw any other failure
/// with the server's message in the error's description (it ends up in release records).
public protocol ClusterClient: Sendable {
    /// The live object, or `nil` when it does not exist (also when its kind is unknown).
    func get(_ ref: ObjectRef) async throws -> Value?

    /// Objects of one kind, in one namespace (or all when `nil`), filtered by a label selector.
    func list(apiVersion: String, kind: String, namespace: String?, labelSelector: String?) async throws -> [Value]

    /// Server-side apply of `object` as `fieldManager`; returns the object the server stored
    /// (or would store, when `dryRun`).
    func apply(_ object: Value, fieldManager: String, force: Bool, dryRun: Bool) async throws -> Value

    /// Deletes an object with background propagation. Deleting a missing object is not an error.
    func delete(_ ref: ObjectRef) async throws

    /// Whether objects of this kind are namespaced, from discovery; `nil` when the cluster
    /// does not know the kind.
    func isNamespaced(apiVersion: String, kind: String) async throws -> Bool?
}
