import Foundation
import Manifests

/// One step of the Deployment controller for one Deployment (KUBE-API.md §7.1): finds or
/// creates the ReplicaSet of the current pod template, rolls pods over from the old
/// ReplicaSets within `maxSurge` / `maxUnavailable` (or Recreate), moves every owned
/// ReplicaSet's pods one step, and writes the Deployment's status and conditions as the real
/// controller words them, including `ProgressDeadlineExceeded`.
struct DeploymentController {
    var options: ControllerOptions

    static let revisionAnnotation = "deployment.kubernetes.io/revision"
    static let desiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas"
    static let maxReplicasAnnotation = "deployment.kubernetes.io/max-replicas"
    /// Deployment annotations the controller does not copy onto its ReplicaSets.
    static let annotationsNotCopied: Set<String> = [
        lastAppliedAnnotation, revisionAnnotation, "deployment.kubernetes.io/revision-history",
        desiredReplicasAnnotation, maxReplicasAnnotation, "deprecated.deployment.rollback.to",
    ]

    /// The changes for `deployment`, given every ReplicaSet of its namespace.
    func step(_ deployment: Value, replicaSets: [Value], now: Date) -> [ObjectChange] {
        let nowText = Timestamp.format(now)
        let owned = replicaSets.filter { isOwned($0, by: deployment) }
        var sets = owned
        let template = deployment[path: ["spec", "template"]] ?? .object(ObjectValue())
        let desired = deployment[path: ["spec", "replicas"]]?.intValue ?? 1
        let paused = deployment[path: ["spec", "paused"]]?.boolValue == true
        let (maxSurge, maxUnavailable) = DeploymentController.limits(deployment, desired: desired)
        var changes: [ObjectChange] = []
        var createdName: String?

        // Pods first: each ReplicaSet moves one step toward its spec.
        for i in sets.indices {
            let target = sets[i].int("spec", "replicas")
            let counts = PodCounts(
                replicas: sets[i].int("status", "replicas"), ready: sets[i].int("status", "readyReplicas"))
            let broken = options.isBroken(template: sets[i][path: ["spec", "template"]])
            let next = counts.stepped(toward: target, broken: broken, pace: options.replicasPerStep)
            DeploymentController.writeReplicaSetStatus(&sets[i], next)
        }

        let wanted = Defaults.droppingNulls(template)
        var newIndex = sets.firstIndex {
            Defaults.droppingNulls(withoutHashLabel($0[path: ["spec", "template"]] ?? .null)) == wanted
        }
        let maxOldRevision =
            sets.indices.filter { $0 != newIndex }.map { DeploymentController.revision(sets[$0]) }.max() ?? 0
        if newIndex == nil, !paused {
            let rs = newReplicaSet(deployment, template: template, revision: maxOldRevision + 1, now: nowText)
            createdName = rs[path: ["metadata", "name"]]?.stringValue
            sets.append(rs)
            newIndex = sets.count - 1
        }
        if let n = newIndex, !paused {
            if DeploymentController.revision(sets[n]) <= maxOldRevision {
                sets[n].setValue(
                    ["metadata", "annotations", DeploymentController.revisionAnnotation],
                    .string("\(maxOldRevision + 1)"))
            }
            scale(
                &sets, newIndex: n, deployment: deployment, desired: desired, maxSurge: maxSurge,
                maxUnavailable: maxUnavailable)
            for i in sets.indices {
                sets[i].setValue(
                    ["metadata", "annotations", DeploymentController.desiredReplicasAnnotation], .string("\(desired)"))
                sets[i].setValue(
                    ["metadata", "annotations", DeploymentController.maxReplicasAnnotation],
                    .string("\(desired + maxSurge)"))
            }
        }
        if paused {
            // A paused Deployment still scales (the controller's `sync`), without rolling.
            let active = sets.indices.filter { sets[$0].int("spec", "replicas") > 0 }
            if let only = active.count == 1 ? active.first : (active.isEmpty ? newIndex : nil) {
                sets[only].setValue(["spec", "replicas"], .int(desired))
            }
        }

        // Old ReplicaSets beyond revisionHistoryLimit that run nothing are deleted.
        let limit = deployment[path: ["spec", "revisionHistoryLimit"]]?.intValue ?? 10
        let idle = sets.indices.filter {
            $0 != newIndex && sets[$0].int("spec", "replicas") == 0 && sets[$0].int("status", "replicas") == 0
        }
        .sorted { DeploymentController.revision(sets[$0]) < DeploymentController.revision(sets[$1]) }
        var deleted: Set<Int> = []
        if idle.count > limit {
            for i in idle.prefix(idle.count - limit) {
                deleted.insert(i)
                if let ref = ObjectRef(object: sets[i]) { changes.append(.delete(ref)) }
            }
        }

        for i in sets.indices where !deleted.contains(i) {
            if i >= owned.count {
                changes.append(.create(sets[i]))
            } else if sets[i] != owned[i] {
                changes.append(.update(sets[i]))
            }
        }

        var updated = deployment
        let newRS = newIndex.map { sets[$0] }
        if let newRS {
            updated.setValue(
                ["metadata", "annotations", DeploymentController.revisionAnnotation],
                newRS[path: ["metadata", "annotations", DeploymentController.revisionAnnotation]])
        }
        let live = sets.indices.filter { !deleted.contains($0) }.map { sets[$0] }
        writeStatus(
            &updated, replicaSets: live, newRS: newRS, createdName: createdName, desired: desired,
            maxUnavailable: maxUnavailable, now: now)
        if updated != deployment { changes.append(.update(updated)) }
        return changes
    }

    private func isOwned(_ rs: Value, by d: Value) -> Bool {
        guard rs[path: ["metadata", "namespace"]] == d[path: ["metadata", "namespace"]] else { return false }
        let refs = rs[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        return refs.contains { ref in
            guard ref["kind"]?.stringValue == "Deployment", ref["controller"]?.boolValue == true else { return false }
            if let uid = d[path: ["metadata", "uid"]] { return ref["uid"] == uid }
            return ref["name"] == d[path: ["metadata", "name"]]
        }
    }

    static func revision(_ rs: Value) -> Int {
        rs[path: ["metadata", "annotations", revisionAnnotation]]?.stringValue.flatMap { Int($0) } ?? 0
    }

    /// maxSurge rounded up and maxUnavailable rounded down from `desired`; both 0 means
    /// maxUnavailable 1, as the real controller resolves them. Recreate has neither.
    static func limits(_ d: Value, desired: Int) -> (surge: Int, unavailable: Int) {
        guard d[path: ["spec", "strategy", "type"]]?.stringValue != "Recreate" else { return (0, 0) }
        func resolve(_ v: Value?, roundUp: Bool, fallback: String) -> Int {
            let v = v ?? .string(fallback)
            if let i = v.intValue { return i }
            guard let s = v.stringValue, s.hasSuffix("%"), let percent = Int(s.dropLast()) else { return 0 }
            let scaled = percent * desired
            return roundUp ? (scaled + 99) / 100 : scaled / 100
        }
        let surge = resolve(d[path: ["spec", "strategy", "rollingUpdate", "maxSurge"]], roundUp: true, fallback: "25%")
        var unavailable = resolve(
            d[path: ["spec", "strategy", "rollingUpdate", "maxUnavailable"]], roundUp: false, fallback: "25%")
        if surge == 0, unavailable == 0 { unavailable = 1 }
        return (surge, min(unavailable, desired))
    }

    private func newReplicaSet(_ d: Value, template: Value, revision: Int, now: String) -> Value {
        let collisions = d[path: ["status", "collisionCount"]]?.intValue ?? 0
        let hash = podTemplateHash(template, collisionCount: collisions)
        let name = (d[path: ["metadata", "name"]]?.stringValue ?? "") + "-" + hash
        var podTemplate = template
        podTemplate.setValue(["metadata", "labels", "pod-template-hash"], .string(hash))
        var selector = d[path: ["spec", "selector"]] ?? .object(ObjectValue())
        selector.setValue(["matchLabels", "pod-template-hash"], .string(hash))
        var metadata = ObjectValue()
        metadata["name"] = .string(name)
        metadata["namespace"] = d[path: ["metadata", "namespace"]]
        metadata["labels"] = podTemplate[path: ["metadata", "labels"]]
        var annotations = ObjectValue()
        for (key, value) in d[path: ["metadata", "annotations"]]?.objectValue ?? ObjectValue()
        where !DeploymentController.annotationsNotCopied.contains(key) {
            annotations[key] = value
        }
        annotations[DeploymentController.revisionAnnotation] = .string("\(revision)")
        metadata["annotations"] = .object(annotations)
        var owner = ObjectValue()
        owner["apiVersion"] = "apps/v1"
        owner["kind"] = "Deployment"
        owner["name"] = d[path: ["metadata", "name"]]
        owner["uid"] = d[path: ["metadata", "uid"]]
        owner["controller"] = true
        owner["blockOwnerDeletion"] = true
        metadata["ownerReferences"] = [.object(owner)]
        var spec = ObjectValue()
        spec["replicas"] = 0
        if let minReady = d[path: ["spec", "minReadySeconds"]] { spec["minReadySeconds"] = minReady }
        spec["selector"] = selector
        spec["template"] = podTemplate
        return [
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": .object(metadata), "spec": .object(spec),
            "status": ["replicas": 0],
        ]
    }

    /// Rolling update (or Recreate) arithmetic of `rolloutRolling` / `rolloutRecreate`: scale
    /// the new ReplicaSet up within the surge, the old ones down while enough pods stay available.
    private func scale(
        _ sets: inout [Value], newIndex n: Int, deployment: Value, desired: Int, maxSurge: Int, maxUnavailable: Int
    ) {
        let olds = sets.indices.filter { $0 != n }
        if deployment[path: ["spec", "strategy", "type"]]?.stringValue == "Recreate" {
            for i in olds { sets[i].setValue(["spec", "replicas"], 0) }
            let oldRunning = olds.reduce(0) { $0 + sets[$1].int("status", "replicas") }
            if oldRunning == 0 { sets[n].setValue(["spec", "replicas"], .int(desired)) }
            return
        }
        let newSpec = sets[n].int("spec", "replicas")
        if newSpec > desired {
            sets[n].setValue(["spec", "replicas"], .int(desired))
        } else {
            let total = sets.reduce(0) { $0 + $1.int("spec", "replicas") }
            let room = max(0, desired + maxSurge - total)
            sets[n].setValue(["spec", "replicas"], .int(min(desired, newSpec + room)))
        }
        let available = sets.reduce(0) { $0 + $1.int("status", "availableReplicas") }
        let newUnavailable = max(0, sets[n].int("spec", "replicas") - sets[n].int("status", "availableReplicas"))
        var budget = max(0, available - (desired - maxUnavailable) - newUnavailable)
        for i in olds.sorted(by: { DeploymentController.revision(sets[$0]) < DeploymentController.revision(sets[$1]) })
        {
            let spec = sets[i].int("spec", "replicas")
            guard spec > 0 else { continue }
            let unhealthy = max(0, spec - sets[i].int("status", "availableReplicas"))
            let healthyCut = min(budget, spec - unhealthy)
            budget -= healthyCut
            sets[i].setValue(["spec", "replicas"], .int(spec - unhealthy - healthyCut))
        }
    }

    static func writeReplicaSetStatus(_ rs: inout Value, _ counts: PodCounts) {
        var status = rs["status"]?.objectValue ?? ObjectValue()
        status["replicas"] = .int(counts.replicas)
        status["fullyLabeledReplicas"] = counts.replicas == 0 ? Value?.none : .int(counts.replicas)
        status["readyReplicas"] = counts.ready == 0 ? Value?.none : .int(counts.ready)
        status["availableReplicas"] = counts.ready == 0 ? Value?.none : .int(counts.ready)
        if let generation = rs[path: ["metadata", "generation"]] { status["observedGeneration"] = generation }
        rs["status"] = .object(status)
    }
}
