import Foundation
import Manifests

/// The persistent-volume controller with a provisioner that always succeeds: every pending
/// claim gets a volume `pvc-<uid>` of the requested size and is Bound, so health checks that
/// wait for `phase: Bound` (kstatus) pass as on a cluster with a default StorageClass.
extension APIServer {
    func bindVolumes(_ cluster: inout ClusterState) {
        guard let claims = cluster.type(group: "", version: "v1", resource: "persistentvolumeclaims"),
            let volumes = cluster.type(group: "", version: "v1", resource: "persistentvolumes")
        else { return }
        let now = nowString
        // Reclaim policy Delete: a volume whose claim is gone goes too.
        for (_, volume) in cluster.list(volumes, namespace: nil) {
            guard volume[path: ["spec", "persistentVolumeReclaimPolicy"]]?.stringValue == "Delete",
                let ref = volume[path: ["spec", "claimRef"]],
                let name = volume[path: ["metadata", "name"]]?.stringValue
            else { continue }
            let claim = cluster.object(
                claims, namespace: ref["namespace"]?.stringValue, name: ref["name"]?.stringValue ?? "")
            guard claim == nil || claim?[path: ["metadata", "uid"]] != ref["uid"] else { continue }
            let gone = cluster.commit(volumes, namespace: nil, name: name, object: nil)
            afterDelete(&cluster, volumes, object: gone)
        }
        for (_, claim) in cluster.list(claims, namespace: nil) {
            guard claim[path: ["status", "phase"]]?.stringValue != "Bound",
                claim[path: ["metadata", "deletionTimestamp"]] == nil,
                let uid = claim[path: ["metadata", "uid"]]?.stringValue,
                let name = claim[path: ["metadata", "name"]]?.stringValue,
                let namespace = claim[path: ["metadata", "namespace"]]?.stringValue
            else { continue }
            let volumeName = claim[path: ["spec", "volumeName"]]?.stringValue ?? "pvc-\(uid)"
            let size = claim[path: ["spec", "resources", "requests", "storage"]] ?? "1Gi"
            let modes = claim[path: ["spec", "accessModes"]] ?? ["ReadWriteOnce"]
            if cluster.object(volumes, namespace: nil, name: volumeName) == nil {
                let life = ObjectLifecycle(type: volumes, namespace: nil, name: volumeName, now: now)
                var volume = life.complete(
                    [
                        "metadata": [
                            "name": .string(volumeName),
                            "annotations": ["pv.kubernetes.io/provisioned-by": "kube-emulator"],
                            "finalizers": ["kubernetes.io/pv-protection"],
                        ],
                        "spec": [
                            "capacity": ["storage": size], "accessModes": modes,
                            "persistentVolumeReclaimPolicy": "Delete",
                            "volumeMode": claim[path: ["spec", "volumeMode"]] ?? "Filesystem",
                            "hostPath": ["path": .string("/var/lib/kube-emulator/\(volumeName)")],
                            "claimRef": [
                                "apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": .string(name),
                                "namespace": .string(namespace), "uid": .string(uid),
                            ],
                        ],
                    ], old: nil, subresource: nil)
                if let storageClass = claim[path: ["spec", "storageClassName"]] {
                    volume.setValue(["spec", "storageClassName"], storageClass)
                }
                volume["status"] = ["phase": "Bound"]
                volume = recordUpdate(
                    old: nil, new: volume, manager: APIServer.controllerManager, now: now, subresource: nil,
                    schema: life.schema)
                cluster.commit(volumes, namespace: nil, name: volumeName, object: volume)
            }
            let life = ObjectLifecycle(type: claims, namespace: namespace, name: name, now: now)
            var bound = claim
            bound.setValue(["spec", "volumeName"], .string(volumeName))
            bound.setValue(
                ["metadata", "annotations", "pv.kubernetes.io/bind-completed"], "yes")
            var main = life.complete(bound, old: claim, subresource: nil)
            main = recordUpdate(
                old: claim, new: main, manager: APIServer.controllerManager, now: now, subresource: nil,
                schema: life.schema)
            let stored = store(&cluster, claims, object: main, old: claim)
            var status = stored
            status["status"] = ["phase": "Bound", "accessModes": modes, "capacity": ["storage": size]]
            status = life.complete(status, old: stored, subresource: "status")
            status = recordUpdate(
                old: stored, new: status, manager: APIServer.controllerManager, now: now, subresource: "status",
                schema: life.schema)
            _ = store(&cluster, claims, object: status, old: stored)
        }
    }
}
