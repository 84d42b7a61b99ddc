import Foundation
import Manifests
import Synchronization

/// Runs the simulated cluster controllers on their own thread, one step every `interval`
/// seconds: namespace finalization and the workload controllers.
final class ControllerLoop: Sendable {
    private let api: APIServer
    private let interval: Double
    private let stopped = Mutex(false)
    private let done = DispatchSemaphore(value: 0)

    init(api: APIServer, interval: Double) {
        self.api = api
        self.interval = max(interval, 0.01)
    }

    func start() {
        let thread = Thread { [self] in
            while !stopped.withLock({ $0 }) {
                Thread.sleep(forTimeInterval: interval)
                if stopped.withLock({ $0 }) { break }
                api.controllerStep(now: Date())
            }
            done.signal()
        }
        thread.name = "kube-emulator-controllers"
        thread.start()
    }

    /// Stops the thread and waits for its current step to end.
    func stop() {
        let already = stopped.withLock { s -> Bool in
            defer { s = true }
            return s
        }
        if !already { done.wait() }
    }
}

extension APIServer {
    static let controllerManager = WorkloadControllers.fieldManager

    var controllerOptions: ControllerOptions {
        var o = ControllerOptions.default
        o.brokenImagePattern = options.brokenImagePattern ?? ""
        return o
    }

    /// One step of every controller, under the store lock.
    func controllerStep(now: Date) {
        state.withLock { cluster in
            finalizeNamespaces(&cluster)
            bindVolumes(&cluster)
            runPods(&cluster)
            runWorkloadControllers(&cluster, now: now)
        }
    }

    private func runWorkloadControllers(_ cluster: inout ClusterState, now: Date) {
        let watched = [
            ("apps", "deployments"), ("apps", "replicasets"), ("apps", "statefulsets"), ("apps", "daemonsets"),
            ("batch", "jobs"),
        ]
        var objects: [Value] = []
        for (group, resource) in watched {
            guard let type = cluster.type(group: group, version: "v1", resource: resource) else { continue }
            objects += cluster.list(type, namespace: nil).map(\.value)
        }
        guard !objects.isEmpty else { return }
        let changes = WorkloadControllers(options: controllerOptions).step(objects: objects, now: now)
        apply(changes, to: &cluster)
    }

    /// Stores what a controller step asked for, as the controller's writes would.
    func apply(_ changes: [ObjectChange], to cluster: inout ClusterState) {
        let now = nowString
        for change in changes {
            switch change {
            case .create(let object):
                guard let type = changeType(object, cluster),
                    let name = object[path: ["metadata", "name"]]?.stringValue
                else { continue }
                let ns = object[path: ["metadata", "namespace"]]?.stringValue
                guard cluster.object(type, namespace: ns, name: name) == nil else { continue }
                let life = ObjectLifecycle(type: type, namespace: ns, name: name, now: now)
                var created = life.complete(object, old: nil, subresource: nil)
                // Controllers create objects with their status in a second write; keep it here.
                if let status = object["status"] { created["status"] = status }
                created = recordUpdate(
                    old: nil, new: created, manager: APIServer.controllerManager, now: now, subresource: nil,
                    schema: life.schema)
                let stored = cluster.commit(type, namespace: ns, name: name, object: created)
                afterWrite(&cluster, type, object: stored, old: nil)
            case .update(let object):
                guard let type = changeType(object, cluster),
                    let name = object[path: ["metadata", "name"]]?.stringValue
                else { continue }
                let ns = object[path: ["metadata", "namespace"]]?.stringValue
                guard var old = cluster.object(type, namespace: ns, name: name) else { continue }
                let life = ObjectLifecycle(type: type, namespace: ns, name: name, now: now)
                // Spec changes (a ReplicaSet scaled) go through the main resource …
                if object["spec"] != old["spec"] {
                    var main = life.complete(object, old: old, subresource: nil)
                    main = recordUpdate(
                        old: old, new: main, manager: APIServer.controllerManager, now: now, subresource: nil,
                        schema: life.schema)
                    if !ObjectLifecycle.sameContent(main, old) { old = store(&cluster, type, object: main, old: old) }
                }
                // … status and annotations through /status, as UpdateStatus does.
                var status = life.complete(object, old: old, subresource: "status")
                status = recordUpdate(
                    old: old, new: status, manager: APIServer.controllerManager, now: now, subresource: "status",
                    schema: life.schema)
                if !ObjectLifecycle.sameContent(status, old) { _ = store(&cluster, type, object: status, old: old) }
            case .delete(let ref):
                guard let type = cluster.type(apiVersion: ref.apiVersion, kind: ref.kind),
                    cluster.object(type, namespace: ref.namespace, name: ref.name) != nil
                else { continue }
                let gone = cluster.commit(type, namespace: ref.namespace, name: ref.name, object: nil)
                afterDelete(&cluster, type, object: gone)
            }
        }
    }

    private func changeType(_ object: Value, _ cluster: ClusterState) -> ResourceType? {
        guard let apiVersion = object["apiVersion"]?.stringValue, let kind = object["kind"]?.stringValue else {
            return nil
        }
        return cluster.type(apiVersion: apiVersion, kind: kind)
    }

    /// The namespace controller: a deleted namespace's contents go, then the namespace.
    private func finalizeNamespaces(_ cluster: inout ClusterState) {
        let nsType = namespaceType
        for (_, ns) in cluster.list(nsType, namespace: nil) where ns[path: ["metadata", "deletionTimestamp"]] != nil {
            guard let name = ns[path: ["metadata", "name"]]?.stringValue else { continue }
            var remaining = 0
            for type in servedStorageTypes(cluster) where type.namespaced {
                for entry in cluster.list(type, namespace: name) {
                    remaining += 1
                    let object = entry.value
                    let objectName = object[path: ["metadata", "name"]]?.stringValue ?? ""
                    if (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty {
                        let gone = cluster.commit(type, namespace: name, name: objectName, object: nil)
                        afterDelete(&cluster, type, object: gone)
                    } else if object[path: ["metadata", "deletionTimestamp"]] == nil {
                        var o = object
                        o.setValue(["metadata", "deletionTimestamp"], .string(nowString))
                        o.setValue(["metadata", "deletionGracePeriodSeconds"], 0)
                        cluster.commit(type, namespace: name, name: objectName, object: o)
                    }
                }
            }
            guard remaining == 0 else { continue }
            var o = ns
            if (ns[path: ["spec", "finalizers"]]?.arrayValue ?? []).contains("kubernetes") {
                o.setValue(["spec", "finalizers"], nil)
                _ = store(&cluster, nsType, object: o, old: ns)
            }
        }
    }
}
