import Foundation
import Manifests
import Rollout
import Testing

/// How planning reads live objects: a list per crowded kind and namespace, a GET otherwise.
@Suite(.serialized) struct PlanReadTests {
    static let app = Application(name: "bulk", namespace: "bulk")

    /// A Namespace, `configMaps` ConfigMaps and one Service, all in namespace `bulk`.
    static func objects(configMaps: Int) -> [Value] {
        var objects: [Value] = [["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bulk"]]]
        for i in 0..<configMaps {
            objects.append([
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("settings-\(i)")],
                "data": ["index": .string("\(i)")],
            ])
        }
        objects.append([
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web"],
            "spec": ["selector": ["app": "web"], "ports": [["port": 80]]],
        ])
        return objects
    }

    @Test(arguments: [(configMaps: 12, lists: 1, gets: 0), (configMaps: 3, lists: 0, gets: 3)])
    func crowdedKindsAreListedOnce(configMaps: Int, lists: Int, gets: Int) async throws {
        let emulator = try Emulator()
        let executor = emulator.executor()
        let objects = Self.objects(configMaps: configMaps)
        let first = try await executor.sync(
            Self.app, objects: objects, commit: .init(sha: String(repeating: "a", count: 40)))
        #expect(first.succeeded, "\(first)")
        emulator.clearLog()

        let plan = try await executor.plan(Self.app, objects: objects)
        #expect(!plan.hasChanges, "\(plan)")
        let reads = emulator.server.requestLog().filter { $0.method == "GET" }.map(\.path)
        let collection = "/api/v1/namespaces/bulk/configmaps"
        #expect(reads.filter { $0 == collection }.count == lists, "\(reads)")
        #expect(reads.filter { $0.hasPrefix(collection + "/") }.count == gets, "\(reads)")
        #expect(reads.contains("/api/v1/namespaces/bulk/services/web"), "\(reads)")
    }

    @Test func aListTheAgentMayNotMakeFallsBackToGets() async throws {
        let cluster = ListForbiddenCluster(InMemoryCluster())
        let executor = RolloutExecutor(client: cluster, options: RolloutOptions(waitForHealth: false))
        let objects = Self.objects(configMaps: 10)
        let first = try await executor.sync(
            Self.app, objects: objects, commit: .init(sha: String(repeating: "b", count: 40)))
        #expect(first.succeeded, "\(first)")
        let plan = try await executor.plan(Self.app, objects: objects)
        #expect(!plan.hasChanges, "\(plan)")
        #expect(plan.entries.filter { $0.action == .unchanged }.count == objects.count)
    }
}

/// An RBAC-like cluster where the agent may get and apply but not list ConfigMaps.
struct ListForbiddenCluster: ClusterClient {
    let base: InMemoryCluster
    init(_ base: InMemoryCluster) { self.base = base }

    struct Forbidden: Error {}

    func get(_ ref: ObjectRef) async throws -> Value? { try await base.get(ref) }
    func list(apiVersion: String, kind: String, namespace: String?, labelSelector: String?) async throws -> [Value] {
        if kind == "ConfigMap", labelSelector == nil { throw Forbidden() }
        return try await base.list(
            apiVersion: apiVersion, kind: kind, namespace: namespace, labelSelector: labelSelector)
    }
    func apply(_ object: Value, fieldManager: String, force: Bool, dryRun: Bool) async throws -> Value {
        try await base.apply(object, fieldManager: fieldManager, force: force, dryRun: dryRun)
    }
    func delete(_ ref: ObjectRef) async throws { try await base.delete(ref) }
    func isNamespaced(apiVersion: String, kind: String) async throws -> Bool? {
        try await base.isNamespaced(apiVersion: apiVersion, kind: kind)
    }
}
