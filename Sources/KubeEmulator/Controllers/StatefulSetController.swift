import Foundation
import Manifests

/// One step of the StatefulSet controller (KUBE-API.md §7.2): pods created or removed one
/// ordinal at a time, rolled to the new revision (`<name>-<hash>`) above the partition, and the
/// counters `kubectl rollout status` and kstatus read: replicas, readyReplicas,
/// currentReplicas, updatedReplicas, currentRevision, updateRevision.
struct StatefulSetController {
    var options: ControllerOptions

    func step(_ set: Value, now: Date) -> [ObjectChange] {
        let name = set[path: ["metadata", "name"]]?.stringValue ?? ""
        let template = set[path: ["spec", "template"]] ?? .object(ObjectValue())
        let revision = name + "-" + podTemplateHash(template)
        let desired = set[path: ["spec", "replicas"]]?.intValue ?? 1
        let partition = set[path: ["spec", "updateStrategy", "rollingUpdate", "partition"]]?.intValue ?? 0
        let onDelete = set[path: ["spec", "updateStrategy", "type"]]?.stringValue == "OnDelete"
        let pace = options.replicasPerStep
        let old = set["status"] ?? .object(ObjectValue())

        var currentRevision = old["currentRevision"]?.stringValue ?? revision
        let previousUpdate = old["updateRevision"]?.stringValue ?? revision
        var replicas = old.int("replicas")
        var updated = old.int("updatedReplicas")
        if previousUpdate != revision { updated = currentRevision == revision ? replicas : 0 }
        if currentRevision == revision { updated = replicas }

        let before = replicas
        if replicas < desired {
            replicas = min(desired, replicas + pace)
            updated += replicas - before
        } else if replicas > desired {
            replicas = max(desired, replicas - pace)
            updated = min(updated, replicas)
        }
        let allReady = old.int("readyReplicas") >= before
        if replicas == before, !onDelete, updated < replicas - partition, allReady {
            updated = min(replicas - partition, updated + pace)
        }
        let broken = options.isBroken(template: template)
        let readyTarget = broken ? replicas - updated : replicas
        let ready = min(readyTarget, old.int("readyReplicas") + pace)
        if updated == replicas, ready == replicas, partition == 0 { currentRevision = revision }
        let current = currentRevision == revision ? replicas : replicas - updated

        var status = old.objectValue ?? ObjectValue()
        status["observedGeneration"] = set[path: ["metadata", "generation"]]
        status["replicas"] = .int(replicas)
        status["readyReplicas"] = ready == 0 ? Value?.none : .int(ready)
        status["currentReplicas"] = current == 0 ? Value?.none : .int(current)
        status["updatedReplicas"] = updated == 0 ? Value?.none : .int(updated)
        status["currentRevision"] = .string(currentRevision)
        status["updateRevision"] = .string(revision)
        status["collisionCount"] = status["collisionCount"] ?? 0
        status["availableReplicas"] = .int(ready)
        var next = set
        next["status"] = .object(status)
        return next == set ? [] : [.update(next)]
    }
}
