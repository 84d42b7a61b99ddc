import Foundation
import Manifests

/// One step of the DaemonSet controller (KUBE-API.md §7.3) on a cluster of
/// `options.nodeCount` nodes: one pod per node, replaced one at a time after a spec change,
/// with the counters `kubectl rollout status` and kstatus read.
struct DaemonSetController {
    var options: ControllerOptions

    func step(_ set: Value, now: Date) -> [ObjectChange] {
        let desired = options.nodeCount
        let pace = options.replicasPerStep
        let old = set["status"] ?? .object(ObjectValue())
        let generation = set[path: ["metadata", "generation"]]?.intValue ?? 0
        let specChanged = old["observedGeneration"] != nil && old.int("observedGeneration") < generation

        var scheduled = old.int("currentNumberScheduled")
        var updated = specChanged ? 0 : old.int("updatedNumberScheduled")
        let before = scheduled
        if scheduled < desired {
            scheduled = min(desired, scheduled + pace)
            updated += scheduled - before
        } else if scheduled > desired {
            scheduled = max(desired, scheduled - pace)
            updated = min(updated, scheduled)
        }
        let onDelete = set[path: ["spec", "updateStrategy", "type"]]?.stringValue == "OnDelete"
        if scheduled == before, !onDelete, updated < scheduled, !specChanged {
            updated = min(scheduled, updated + pace)
        }
        let broken = options.isBroken(template: set[path: ["spec", "template"]])
        let readyTarget = broken ? scheduled - updated : scheduled
        let ready = min(readyTarget, old.int("numberReady") + pace)

        var status = old.objectValue ?? ObjectValue()
        status["currentNumberScheduled"] = .int(scheduled)
        status["numberMisscheduled"] = 0
        status["desiredNumberScheduled"] = .int(desired)
        status["numberReady"] = .int(ready)
        status["observedGeneration"] = generation == 0 ? Value?.none : .int(generation)
        status["updatedNumberScheduled"] = updated == 0 ? Value?.none : .int(updated)
        status["numberAvailable"] = ready == 0 ? Value?.none : .int(ready)
        status["numberUnavailable"] = desired - ready <= 0 ? Value?.none : .int(desired - ready)
        var next = set
        next["status"] = .object(status)
        return next == set ? [] : [.update(next)]
    }
}
