import Kube
import Manifests

/// The ``ClusterClient`` of a real cluster: a `KubeClient`, with "not found" (also of an
/// unknown kind) read as `nil` and server errors shortened to the server's reason and message.
///
///     let executor = RolloutExecutor(client: KubeCluster(try KubeClient(config: config)))
public struct KubeCluster: ClusterClient {
    /// The client every request goes through.
    public let client: KubeClient

    /// Wraps `client`.
    public init(_ client: KubeClient) { self.client = client }

    /// The live object; `nil` when it or its kind does not exist.
    public func get(_ ref: ObjectRef) async throws -> Value? {
        do {
            return try await client.get(ref)
        } catch let error as KubeError where error.reason == .notFound || error.reason == .unknownKind {
            return nil
        } catch let error as KubeError {
            throw KubeCluster.shorten(error)
        }
    }

    /// Every object of a kind, all pages.
    public func list(apiVersion: String, kind: String, namespace: String?, labelSelector: String?) async throws
        -> [Value]
    {
        do {
            return try await client.list(
                apiVersion: apiVersion, kind: kind, namespace: namespace, labelSelector: labelSelector)
        } catch let error as KubeError {
            throw KubeCluster.shorten(error)
        }
    }

    /// Server-side apply (a dry run with `dryRun`).
    public func apply(_ object: Value, fieldManager: String, force: Bool, dryRun: Bool) async throws -> Value {
        do {
            return try await client.apply(object, fieldManager: fieldManager, force: force, dryRun: dryRun)
        } catch let error as KubeError {
            throw KubeCluster.shorten(error)
        }
    }

    /// Deletes with background propagation; a missing object is fine.
    public func delete(_ ref: ObjectRef) async throws {
        do {
            _ = try await client.delete(ref, propagation: .background)
        } catch let error as KubeError where error.reason == .notFound || error.reason == .unknownKind {
            return
        } catch let error as KubeError {
            throw KubeCluster.shorten(error)
        }
    }

    /// The kind's scope from discovery; `nil` when the server does not serve it.
    public func isNamespaced(apiVersion: String, kind: String) async throws -> Bool? {
        do {
            return try await client.resource(for: apiVersion, kind: kind).namespaced
        } catch let error as KubeError where error.reason == .unknownKind {
            return nil
        } catch let error as KubeError {
            throw KubeCluster.shorten(error)
        }
    }

    /// The executor already names the object and the operation; keep what the server said
    /// (`(Invalid) Deployment.apps "web" is invalid: …`), or the whole error when no answer came.
    static func shorten(_ error: KubeError) -> RolloutError {
        guard error.code != 0 else { return RolloutError(.cluster, error.description) }
        var message = "(\(error.reason)) \(error.message)"
        let fields = error.causes.filter { !$0.field.isEmpty && !error.message.contains($0.field) }
        if !fields.isEmpty {
            message += " [" + fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ") + "]"
        }
        return RolloutError(.cluster, message)
    }
}
