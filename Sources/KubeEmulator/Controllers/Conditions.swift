import Manifests

/// Status conditions as the controllers write them.
enum Conditions {
    /// Sets condition `type` in `conditions` like the Deployment controller's
    /// `SetDeploymentCondition`: no change when status and reason are the same; the transition
    /// time is kept while the status stays; a replaced condition moves to the end.
    /// `timeFields` names the timestamps the kind uses (Deployment: `lastUpdateTime` and
    /// `lastTransitionTime`; Job: `lastProbeTime` and `lastTransitionTime`).
    static func set(
        _ conditions: inout [Value], type: String, status: String, reason: String, message: String, now: String,
        updateField: String? = "lastUpdateTime", force: Bool = false
    ) {
        let index = conditions.firstIndex { $0["type"]?.stringValue == type }
        let current = index.map { conditions[$0] }
        if !force, let current, current["status"]?.stringValue == status, current["reason"]?.stringValue == reason {
            return
        }
        var transition = now
        if let current, current["status"]?.stringValue == status,
            let t = current["lastTransitionTime"]?.stringValue
        {
            transition = t
        }
        var c = ObjectValue()
        c["type"] = .string(type)
        c["status"] = .string(status)
        if let updateField { c[updateField] = .string(now) }
        c["lastTransitionTime"] = .string(transition)
        c["reason"] = .string(reason)
        c["message"] = .string(message)
        if let index { conditions.remove(at: index) }
        conditions.append(.object(c))
    }

    static func find(_ conditions: [Value], _ type: String) -> Value? {
        conditions.first { $0["type"]?.stringValue == type }
    }
}

extension Value {
    /// An integer field, 0 when absent.
    func int(_ path: String...) -> Int { self[path: path]?.intValue ?? 0 }

    /// Sets an `omitempty` integer: 0 removes the field, as Go's JSON encoding does.
    mutating func setCount(_ path: [String], _ n: Int) {
        setValue(path, n == 0 ? Value?.none : .int(n))
    }
}

/// The pods of one ReplicaSet-like owner, moved one step toward `target`: pods are created or
/// removed, then turned ready, `pace` at a time; pods of a broken template never get ready.
struct PodCounts: Equatable {
    var replicas: Int
    var ready: Int

    func stepped(toward target: Int, broken: Bool, pace: Int) -> PodCounts {
        var next = self
        if replicas < target {
            next.replicas = min(target, replicas + pace)
        } else if replicas > target {
            next.replicas = max(target, replicas - pace)
        }
        next.ready = broken ? 0 : min(next.replicas, ready + pace)
        next.ready = min(next.ready, next.replicas)
        return next
    }
}
