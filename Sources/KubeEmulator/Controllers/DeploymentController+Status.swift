import Foundation
import Manifests

extension DeploymentController {
    /// Writes `status` as `calculateStatus` and `syncRolloutStatus` of the real controller do:
    /// counters summed over the ReplicaSets, `Available` from the minimum availability, and
    /// `Progressing` moving through NewReplicaSetCreated / FoundNewReplicaSet /
    /// ReplicaSetUpdated to NewReplicaSetAvailable, or ProgressDeadlineExceeded when no progress
    /// was made for `progressDeadlineSeconds`.
    func writeStatus(
        _ d: inout Value, replicaSets: [Value], newRS: Value?, createdName: String?, desired: Int, maxUnavailable: Int,
        now: Date
    ) {
        let nowText = Timestamp.format(now)
        let old = d["status"] ?? .object(ObjectValue())
        var status = old
        let specTotal = replicaSets.reduce(0) { $0 + $1.int("spec", "replicas") }
        let available = replicaSets.reduce(0) { $0 + $1.int("status", "availableReplicas") }
        status.setCount(["observedGeneration"], d[path: ["metadata", "generation"]]?.intValue ?? 0)
        status.setCount(["replicas"], replicaSets.reduce(0) { $0 + $1.int("status", "replicas") })
        status.setCount(["updatedReplicas"], newRS?.int("status", "replicas") ?? 0)
        status.setCount(["readyReplicas"], replicaSets.reduce(0) { $0 + $1.int("status", "readyReplicas") })
        status.setCount(["availableReplicas"], available)
        status.setCount(["unavailableReplicas"], max(0, specTotal - available))

        var conditions = status["conditions"]?.arrayValue ?? []
        if available >= desired - maxUnavailable {
            Conditions.set(
                &conditions, type: "Available", status: "True", reason: "MinimumReplicasAvailable",
                message: "Deployment has minimum availability.", now: nowText)
        } else {
            Conditions.set(
                &conditions, type: "Available", status: "False", reason: "MinimumReplicasUnavailable",
                message: "Deployment does not have minimum availability.", now: nowText)
        }

        let rsName = newRS?[path: ["metadata", "name"]]?.stringValue ?? ""
        let deadline = d[path: ["spec", "progressDeadlineSeconds"]]?.intValue
        let paused = d[path: ["spec", "paused"]]?.boolValue == true
        let progressing = Conditions.find(conditions, "Progressing")
        let progressReason = progressing?["reason"]?.stringValue
        if deadline == nil {
            conditions.removeAll { $0["type"]?.stringValue == "Progressing" }
        } else if paused {
            if progressReason != "DeploymentPaused" {
                Conditions.set(
                    &conditions, type: "Progressing", status: "Unknown", reason: "DeploymentPaused",
                    message: "Deployment is paused", now: nowText)
            }
        } else if progressReason == "DeploymentPaused" {
            Conditions.set(
                &conditions, type: "Progressing", status: "Unknown", reason: "DeploymentResumed",
                message: "Deployment is resumed", now: nowText)
        } else if let createdName {
            Conditions.set(
                &conditions, type: "Progressing", status: "True", reason: "NewReplicaSetCreated",
                message: "Created new replica set \"\(createdName)\"", now: nowText)
        } else if progressing == nil, newRS != nil {
            Conditions.set(
                &conditions, type: "Progressing", status: "True", reason: "FoundNewReplicaSet",
                message: "Found new replica set \"\(rsName)\"", now: nowText)
        }

        let replicas = status.int("replicas")
        let updated = status.int("updatedReplicas")
        let alreadyComplete = replicas == updated && progressReason == "NewReplicaSetAvailable"
        if let deadline, !paused, newRS != nil, !alreadyComplete, createdName == nil {
            let complete = updated == desired && replicas == desired && available == desired
            let progressed =
                updated > old.int("updatedReplicas") || status.int("readyReplicas") > old.int("readyReplicas")
                || available > old.int("availableReplicas")
                || replicas - updated < old.int("replicas") - old.int("updatedReplicas")
            if complete {
                Conditions.set(
                    &conditions, type: "Progressing", status: "True", reason: "NewReplicaSetAvailable",
                    message: "ReplicaSet \"\(rsName)\" has successfully progressed.", now: nowText)
            } else if progressed {
                Conditions.set(
                    &conditions, type: "Progressing", status: "True", reason: "ReplicaSetUpdated",
                    message: "ReplicaSet \"\(rsName)\" is progressing.", now: nowText, force: true)
            } else if let current = Conditions.find(conditions, "Progressing"),
                current["reason"]?.stringValue != "ProgressDeadlineExceeded",
                let last = current["lastUpdateTime"]?.stringValue.flatMap(Timestamp.parse),
                now.timeIntervalSince(last) > TimeInterval(deadline)
            {
                Conditions.set(
                    &conditions, type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded",
                    message: "ReplicaSet \"\(rsName)\" has timed out progressing.", now: nowText)
            }
        }
        status.setValue(["conditions"], conditions.isEmpty ? Value?.none : .array(conditions))
        d["status"] = DeploymentController.inFieldOrder(status)
    }

    /// The status with its fields in the order of `apps/v1.DeploymentStatus`, as served.
    static func inFieldOrder(_ status: Value) -> Value {
        guard case .object(let o) = status else { return status }
        let order = [
            "observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas",
            "unavailableReplicas", "terminatingReplicas", "conditions", "collisionCount",
        ]
        var sorted = ObjectValue()
        for key in order { if let v = o[key] { sorted.appendUnchecked(key, v) } }
        for (k, v) in o where !order.contains(k) { sorted.appendUnchecked(k, v) }
        return .object(sorted)
    }
}
