import Foundation
import Manifests

/// The emulated kube-controller-manager: pure step functions the server calls on a timer with
/// the stored objects and the time, returning the writes to make. Calling `step` again with the
/// written objects moves rollouts on by one step; a settled object yields no change.
struct WorkloadControllers: Sendable {
    var options: ControllerOptions = .default

    /// The field manager the server should record the controllers' writes under.
    static let fieldManager = "kube-controller-manager"

    /// The changes for one step over `objects` (any kinds; Deployments, ReplicaSets,
    /// StatefulSets, DaemonSets and Jobs are acted on; objects being deleted are skipped).
    func step(objects: [Value], now: Date) -> [ObjectChange] {
        func isApps(_ o: Value, _ kind: String) -> Bool {
            o["kind"]?.stringValue == kind && o["apiVersion"]?.stringValue == "apps/v1"
        }
        let active = objects.filter { $0[path: ["metadata", "deletionTimestamp"]] == nil }
        let replicaSets = active.filter { isApps($0, "ReplicaSet") }
        var changes: [ObjectChange] = []
        var ownedRS: Set<String> = []
        for d in active where isApps(d, "Deployment") {
            let namespace = d[path: ["metadata", "namespace"]]
            let candidates = replicaSets.filter { $0[path: ["metadata", "namespace"]] == namespace }
            for rs in candidates where isControlled(rs, by: d) { ownedRS.insert(key(rs)) }
            changes += DeploymentController(options: options).step(d, replicaSets: candidates, now: now)
        }
        for rs in replicaSets where !ownedRS.contains(key(rs)) && !hasController(rs) {
            var next = rs
            let counts = PodCounts(replicas: rs.int("status", "replicas"), ready: rs.int("status", "readyReplicas"))
            let target = rs[path: ["spec", "replicas"]]?.intValue ?? 1
            let broken = options.isBroken(template: rs[path: ["spec", "template"]])
            DeploymentController.writeReplicaSetStatus(
                &next, counts.stepped(toward: target, broken: broken, pace: options.replicasPerStep))
            if next != rs { changes.append(.update(next)) }
        }
        for s in active where isApps(s, "StatefulSet") {
            changes += StatefulSetController(options: options).step(s, now: now)
        }
        for s in active where isApps(s, "DaemonSet") {
            changes += DaemonSetController(options: options).step(s, now: now)
        }
        for j in active where j["kind"]?.stringValue == "Job" && j["apiVersion"]?.stringValue == "batch/v1" {
            changes += JobController(options: options).step(j, now: now)
        }
        return changes
    }

    private func key(_ o: Value) -> String {
        (o[path: ["metadata", "namespace"]]?.stringValue ?? "") + "/"
            + (o[path: ["metadata", "name"]]?.stringValue ?? "")
    }

    private func hasController(_ rs: Value) -> Bool {
        (rs[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).contains { $0["controller"]?.boolValue == true }
    }

    private func isControlled(_ rs: Value, by d: Value) -> Bool {
        (rs[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).contains { ref in
            ref["kind"]?.stringValue == "Deployment" && ref["controller"]?.boolValue == true
                && (d[path: ["metadata", "uid"]].map { ref["uid"] == $0 }
                    ?? (ref["name"] == d[path: ["metadata", "name"]]))
        }
    }
}
