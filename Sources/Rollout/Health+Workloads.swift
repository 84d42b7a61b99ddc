import Manifests

extension Health {
    /// `kubectl rollout status deployment` rules; a paused Deployment is suspended.
    static func deployment(_ d: Value) -> HealthResult {
        if d[path: ["spec", "paused"]]?.boolValue == true {
            return HealthResult(.suspended, "deployment is paused")
        }
        guard observedLatest(d) else {
            return HealthResult(.progressing, "waiting for the rollout's spec update to be observed")
        }
        if condition(d, "Progressing")?["reason"]?.stringValue == "ProgressDeadlineExceeded" {
            let detail = condition(d, "Progressing")?["message"]?.stringValue.map { ": \($0)" } ?? ""
            return HealthResult(.degraded, "exceeded its progress deadline\(detail)")
        }
        let wanted = int(d, "spec", "replicas") ?? 1
        let replicas = int(d, "status", "replicas") ?? 0
        let updated = int(d, "status", "updatedReplicas") ?? 0
        let available = int(d, "status", "availableReplicas") ?? 0
        if updated < wanted {
            return HealthResult(.progressing, "\(updated) out of \(wanted) new replicas have been updated")
        }
        if replicas > updated {
            return HealthResult(.progressing, "\(replicas - updated) old replicas are pending termination")
        }
        if available < updated {
            return HealthResult(.progressing, "\(available) of \(updated) updated replicas are available")
        }
        return HealthResult(.healthy, "successfully rolled out")
    }

    /// `kubectl rollout status statefulset` rules; `OnDelete` sets are not waited for.
    static func statefulSet(_ s: Value) -> HealthResult {
        if s[path: ["spec", "updateStrategy", "type"]]?.stringValue == "OnDelete" {
            return HealthResult(.healthy, "updateStrategy OnDelete: pods are replaced only when deleted")
        }
        let observed = int(s, "status", "observedGeneration") ?? 0
        guard observed != 0, observedLatest(s) else {
            return HealthResult(.progressing, "waiting for the statefulset spec update to be observed")
        }
        let wanted = int(s, "spec", "replicas") ?? 1
        let ready = int(s, "status", "readyReplicas") ?? 0
        if ready < wanted {
            return HealthResult(.progressing, "waiting for \(wanted - ready) pods to be ready")
        }
        if let partition = int(s, "spec", "updateStrategy", "rollingUpdate", "partition"), partition > 0 {
            let updated = int(s, "status", "updatedReplicas") ?? 0
            if updated < wanted - partition {
                return HealthResult(
                    .progressing,
                    "waiting for partitioned roll out to finish: \(updated) out of "
                        + "\(wanted - partition) new pods have been updated")
            }
            return HealthResult(.healthy, "partitioned roll out complete: \(updated) new pods have been updated")
        }
        let update = s[path: ["status", "updateRevision"]]?.stringValue
        let current = s[path: ["status", "currentRevision"]]?.stringValue
        if update != current {
            return HealthResult(
                .progressing, "waiting for statefulset rolling update to complete (revision \(update ?? "?"))")
        }
        return HealthResult(.healthy, "\(ready) pods at revision \(current ?? "?")")
    }

    /// `kubectl rollout status daemonset` rules; `OnDelete` sets are not waited for.
    static func daemonSet(_ d: Value) -> HealthResult {
        if d[path: ["spec", "updateStrategy", "type"]]?.stringValue == "OnDelete" {
            return HealthResult(.healthy, "updateStrategy OnDelete: pods are replaced only when deleted")
        }
        guard observedLatest(d) else {
            return HealthResult(.progressing, "waiting for the daemon set spec update to be observed")
        }
        let desired = int(d, "status", "desiredNumberScheduled") ?? 0
        let updated = int(d, "status", "updatedNumberScheduled") ?? 0
        let available = int(d, "status", "numberAvailable") ?? 0
        if updated < desired {
            return HealthResult(.progressing, "\(updated) out of \(desired) new pods have been updated")
        }
        if available < desired {
            return HealthResult(.progressing, "\(available) of \(desired) updated pods are available")
        }
        return HealthResult(.healthy, "\(available) pods available")
    }

    /// A ReplicaSet is healthy when its available replicas reach the spec.
    static func replicaSet(_ r: Value) -> HealthResult {
        guard observedLatest(r) else {
            return HealthResult(.progressing, "waiting for the replica set spec update to be observed")
        }
        if conditionIsTrue(r, "ReplicaFailure") {
            return HealthResult(.degraded, condition(r, "ReplicaFailure")?["message"]?.stringValue ?? "replica failure")
        }
        let wanted = int(r, "spec", "replicas") ?? 1
        let available = int(r, "status", "availableReplicas") ?? 0
        if available < wanted {
            return HealthResult(.progressing, "\(available) of \(wanted) replicas are available")
        }
        return HealthResult(.healthy, "\(available) replicas available")
    }

    /// A Job is healthy once `Complete`, degraded once `Failed`, as `kubectl wait` sees it.
    static func job(_ j: Value) -> HealthResult {
        if conditionIsTrue(j, "Failed") {
            let c = condition(j, "Failed")
            let why = [c?["reason"]?.stringValue, c?["message"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
            return HealthResult(.degraded, why.isEmpty ? "job failed" : "job failed: \(why)")
        }
        if conditionIsTrue(j, "Complete") {
            return HealthResult(.healthy, "job completed")
        }
        if j[path: ["spec", "suspend"]]?.boolValue == true || conditionIsTrue(j, "Suspended") {
            return HealthResult(.suspended, "job is suspended")
        }
        let active = int(j, "status", "active") ?? 0
        let succeeded = int(j, "status", "succeeded") ?? 0
        return HealthResult(.progressing, "job running: \(active) active, \(succeeded) succeeded")
    }
}
