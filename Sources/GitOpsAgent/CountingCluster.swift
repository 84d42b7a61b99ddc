import Kube
import Manifests
import Rollout
import Synchronization

/// A cluster client that counts the writes it sends (applies that are not dry runs, deletes),
/// for `--stats`: an unchanged sync must show zero.
final class CountingCluster: ClusterClient {
    let name: String
    let kube: KubeClient
    private let inner: KubeCluster
    private let writeCount = Atomic<Int>(0)

    init(name: String, kube: KubeClient) {
        self.name = name
        self.kube = kube
        inner = KubeCluster(kube)
    }

    var writes: Int { writeCount.load(ordering: .relaxed) }

    func get(_ ref: ObjectRef) async throws -> Value? { try await inner.get(ref) }

    func list(apiVersion: String, kind: String, namespace: String?, labelSelector: String?) async throws -> [Value] {
        try await inner.list(apiVersion: apiVersion, kind: kind, namespace: namespace, labelSelector: labelSelector)
    }

    func apply(_ object: Value, fieldManager: String, force: Bool, dryRun: Bool) async throws -> Value {
        if !dryRun { writeCount.add(1, ordering: .relaxed) }
        return try await inner.apply(object, fieldManager: fieldManager, force: force, dryRun: dryRun)
    }

    func delete(_ ref: ObjectRef) async throws {
        writeCount.add(1, ordering: .relaxed)
        try await inner.delete(ref)
    }

    func isNamespaced(apiVersion: String, kind: String) async throws -> Bool? {
        try await inner.isNamespaced(apiVersion: apiVersion, kind: kind)
    }

    /// `cluster backend: 231 requests (0 writes, 0 retries, 2 connections)`.
    var statsLine: String {
        let m = kube.metrics
        return
            "cluster \(name): \(m.requests) requests (\(writes) writes, \(m.retries) retries, \(m.connections) connections)"
    }
}
