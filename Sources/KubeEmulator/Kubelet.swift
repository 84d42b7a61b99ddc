import Foundation
import Manifests

/// A kubelet on the one emulated node: pods are scheduled there and start at once, or wait
/// in `ImagePullBackOff` when an image matches `brokenImagePattern`.
extension APIServer {
    func runPods(_ cluster: inout ClusterState) {
        guard let pods = cluster.type(group: "", version: "v1", resource: "pods") else { return }
        let now = nowString
        var address = 10
        for (_, pod) in cluster.list(pods, namespace: nil) {
            address += 1
            guard pod[path: ["metadata", "deletionTimestamp"]] == nil,
                pod[path: ["status", "phase"]]?.stringValue != "Running",
                let name = pod[path: ["metadata", "name"]]?.stringValue,
                let namespace = pod[path: ["metadata", "namespace"]]?.stringValue
            else { continue }
            let containers = pod[path: ["spec", "containers"]]?.arrayValue ?? []
            let broken = controllerOptions.isBroken(template: ["spec": pod["spec"] ?? .null])
            let life = ObjectLifecycle(type: pods, namespace: namespace, name: name, now: now)
            var current = pod
            if pod[path: ["spec", "nodeName"]] == nil {
                var scheduled = pod
                scheduled.setValue(["spec", "nodeName"], "emulator-node")
                scheduled = recordUpdate(
                    old: pod, new: life.complete(scheduled, old: pod, subresource: nil), manager: "kube-scheduler",
                    now: now, subresource: nil, schema: life.schema)
                current = store(&cluster, pods, object: scheduled, old: pod)
            }
            if broken, current[path: ["status", "phase"]]?.stringValue == "Pending" { continue }
            func condition(_ type: String, _ ok: Bool) -> Value {
                ["type": .string(type), "status": ok ? "True" : "False", "lastTransitionTime": .string(now)]
            }
            let statuses: [Value] = containers.map { c in
                var s: Value = [
                    "name": c["name"] ?? "", "image": c["image"] ?? "", "imageID": "", "ready": .bool(!broken),
                    "restartCount": 0, "started": .bool(!broken),
                ]
                s["state"] =
                    broken
                    ? [
                        "waiting": [
                            "reason": "ImagePullBackOff",
                            "message": .string("Back-off pulling image \"\(c["image"]?.stringValue ?? "")\""),
                        ]
                    ] : ["running": ["startedAt": .string(now)]]
                return s
            }
            var status = current
            status["status"] = [
                "phase": broken ? "Pending" : "Running",
                "conditions": [
                    condition("PodReadyToStartContainers", true), condition("Initialized", true),
                    condition("Ready", !broken), condition("ContainersReady", !broken), condition("PodScheduled", true),
                ],
                "hostIP": "127.0.0.1", "hostIPs": [["ip": "127.0.0.1"]], "podIP": .string("10.244.0.\(address % 250)"),
                "podIPs": [["ip": .string("10.244.0.\(address % 250)")]], "startTime": .string(now),
                "qosClass": "BestEffort", "containerStatuses": .array(statuses),
            ]
            status = life.complete(status, old: current, subresource: "status")
            status = recordUpdate(
                old: current, new: status, manager: "kubelet", now: now, subresource: "status", schema: life.schema)
            _ = store(&cluster, pods, object: status, old: current)
        }
    }
}
