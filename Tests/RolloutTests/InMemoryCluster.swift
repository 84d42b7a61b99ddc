import Foundation
import Manifests
import Synchronization

@testable import Rollout

/// A map of objects behind the `ClusterClient` protocol, for tests of the executor's
/// ordering and error paths (no merge semantics: an apply replaces the stored object).
/// Integration tests use the Kubernetes emulator instead.
final class InMemoryCluster: ClusterClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One request, as `verb ref` (`apply Deployment/shop/web`, `dry-run …`, `get …`, `delete …`, `list …`).
    struct Request: Equatable, CustomStringConvertible {
        var verb: String
        var ref: String
        var description: String { "\(verb) \(ref)" }
    }

    struct State {
        var objects: [ObjectKey: Value] = [:]
        var log: [Request] = []
        var resourceVersion = 100
        var applyFaults: [String: String] = [:]
        var dryRunFaults: [String: String] = [:]
        /// Called with every stored object; returns it with the status a controller would set.
        var controller: @Sendable (Value) -> Value = InMemoryCluster.healthyController
        /// Called on every read with the object and how often it was read since its last write.
        var readHook: @Sendable (Value, Int) -> Value = { object, _ in object }
        var reads: [ObjectKey: Int] = [:]
    }

    let state = Mutex(State())

    init(objects: [Value] = []) {
        state.withLock { s in
            for object in objects {
                if let ref = ObjectRef(object: object) { s.objects[ref.key] = object }
            }
        }
    }

    /// Makes every apply (not dry run) of `ref` fail with `message`; `nil` heals it.
    func failApplies(of ref: String, with message: String?) {
        state.withLock { $0.applyFaults[ref] = message }
    }

    /// Makes every dry run of `ref` fail with `message`.
    func failDryRuns(of ref: String, with message: String) {
        state.withLock { $0.dryRunFaults[ref] = message }
    }

    func setController(_ controller: @escaping @Sendable (Value) -> Value) {
        state.withLock { $0.controller = controller }
    }

    func setReadHook(_ hook: @escaping @Sendable (Value, Int) -> Value) {
        state.withLock { $0.readHook = hook }
    }

    var log: [Request] { state.withLock { $0.log } }

    /// Requests that change the cluster.
    var writes: [String] {
        log.filter { $0.verb == "apply" || $0.verb == "delete" }.map(\.description)
    }

    func object(_ ref: ObjectRef) -> Value? { state.withLock { $0.objects[ref.key] } }

    func store(_ object: Value) {
        guard let ref = ObjectRef(object: object) else { return }
        state.withLock { $0.objects[ref.key] = object }
    }

    func remove(_ ref: ObjectRef) { _ = state.withLock { $0.objects.removeValue(forKey: ref.key) } }

    // MARK: ClusterClient

    func get(_ ref: ObjectRef) async throws -> Value? {
        state.withLock { s in
            s.log.append(Request(verb: "get", ref: ref.description))
            guard let object = s.objects[ref.key] else { return nil }
            s.reads[ref.key, default: 0] += 1
            let seen = s.readHook(object, s.reads[ref.key]!)
            s.objects[ref.key] = seen
            return seen
        }
    }

    func list(apiVersion: String, kind: String, namespace: String?, labelSelector: String?) async throws -> [Value] {
        state.withLock { s in
            s.log.append(Request(verb: "list", ref: "\(kind) \(namespace ?? "") \(labelSelector ?? "")"))
            let (group, _) = ObjectRef.split(apiVersion: apiVersion)
            let wanted = labelSelector.map(InMemoryCluster.parseSelector) ?? [:]
            return s.objects.filter { key, object in
                key.group == group && key.kind == kind && (namespace == nil || key.namespace == namespace)
                    && wanted.allSatisfy { AgentMetadata.labels(of: object)[$0.key]?.stringValue == $0.value }
            }.sorted { $0.key < $1.key }.map(\.value)
        }
    }

    func apply(_ object: Value, fieldManager: String, force: Bool, dryRun: Bool) async throws -> Value {
        guard let ref = ObjectRef(object: object) else { throw Failure(description: "object has no name") }
        return try state.withLock { s in
            s.log.append(Request(verb: dryRun ? "dry-run" : "apply", ref: ref.description))
            if let namespace = ref.namespace,
                s.objects[ObjectRef(group: "", version: "v1", kind: "Namespace", namespace: nil, name: namespace).key]
                    == nil
            {
                throw Failure(description: "namespaces \"\(namespace)\" not found (NotFound)")
            }
            if ResourceScopes.builtIn.isNamespaced(group: ref.group, kind: ref.kind) == nil,
                !s.objects.values.contains(where: {
                    $0["kind"] == "CustomResourceDefinition" && $0[path: ["spec", "group"]]?.stringValue == ref.group
                        && $0[path: ["spec", "names", "kind"]]?.stringValue == ref.kind
                })
            {
                throw Failure(description: "the server could not find the requested resource (NotFound)")
            }
            if !dryRun, let message = s.applyFaults[ref.description] { throw Failure(description: message) }
            if dryRun, let message = s.dryRunFaults[ref.description] { throw Failure(description: message) }
            var stored = object
            let previous = s.objects[ref.key]
            let changed = previous.map { Normalizer.normalize($0) != Normalizer.normalize(object) } ?? true
            let generation = (previous?[path: ["metadata", "generation"]]?.intValue ?? 0) + (changed ? 1 : 0)
            if changed { s.resourceVersion += 1 }
            stored["metadata"]?["generation"] = .int(generation)
            stored["metadata"]?["resourceVersion"] =
                changed ? .string(String(s.resourceVersion)) : previous?[path: ["metadata", "resourceVersion"]] ?? "1"
            stored["metadata"]?["uid"] = previous?[path: ["metadata", "uid"]] ?? .string(UUID().uuidString)
            stored["status"] = previous?["status"]
            if !dryRun {
                stored = changed ? s.controller(stored) : stored
                s.objects[ref.key] = stored
                s.reads[ref.key] = 0
            }
            return stored
        }
    }

    func delete(_ ref: ObjectRef) async throws {
        state.withLock { s in
            s.log.append(Request(verb: "delete", ref: ref.description))
            s.objects[ref.key] = nil
        }
    }

    func isNamespaced(apiVersion: String, kind: String) async throws -> Bool? {
        let group = ObjectRef.split(apiVersion: apiVersion).group
        return state.withLock { s in
            s.objects.values.first {
                $0["kind"] == "CustomResourceDefinition" && $0[path: ["spec", "group"]]?.stringValue == group
                    && $0[path: ["spec", "names", "kind"]]?.stringValue == kind
            }.map { $0[path: ["spec", "scope"]]?.stringValue != "Cluster" }
        }
    }

    static func parseSelector(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { out[pair[0]] = pair[1] }
        }
        return out
    }

    /// Rolls out workloads at once and establishes CRDs, like a healthy cluster.
    @Sendable static func healthyController(_ object: Value) -> Value {
        var o = object
        let generation = o[path: ["metadata", "generation"]] ?? 1
        switch o["kind"]?.stringValue {
        case "Deployment", "StatefulSet", "ReplicaSet":
            let replicas = o[path: ["spec", "replicas"]] ?? 1
            o["status"] = [
                "observedGeneration": generation, "replicas": replicas, "updatedReplicas": replicas,
                "readyReplicas": replicas, "availableReplicas": replicas, "currentRevision": "r1",
                "updateRevision": "r1",
            ]
        case "Job":
            o["status"] = ["succeeded": 1, "conditions": [["type": "Complete", "status": "True"]]]
        case "CustomResourceDefinition":
            o["status"] = ["conditions": [["type": "Established", "status": "True"]]]
        default:
            break
        }
        return o
    }
}

/// A clock whose sleeps return at once and move time forward.
final class TestClock: RolloutClock {
    let current = Mutex(Date(timeIntervalSince1970: 1_796_378_400))
    let sleeps = Mutex(0)

    func now() -> Date { current.withLock { $0 } }

    func sleep(for duration: Duration) async throws {
        sleeps.withLock { $0 += 1 }
        current.withLock { $0 = $0.addingTimeInterval(RolloutExecutor.seconds(duration)) }
    }
}
