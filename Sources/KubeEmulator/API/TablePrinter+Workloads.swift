import Foundation
import Manifests

/// Columns of the workload kinds (kubernetes `printers.go`: `printDeployment`, `printReplicaSet`, …).
extension TablePrinter {
    static func workloadColumns(_ kind: String) -> [Column]? {
        typealias T = TablePrinter
        switch kind {
        case "Deployment":
            return [
                T.name,
                Column(name: "Ready") { o, _ in
                    .string(
                        "\(T.count(o, ["status", "readyReplicas"]))/\(o[path: ["spec", "replicas"]]?.intValue ?? 1)")
                }, T.int("Up-to-date", ["status", "updatedReplicas"]),
                T.int("Available", ["status", "availableReplicas"]),
                T.age,
            ] + T.containers(["spec", "template", "spec"])
        case "ReplicaSet":
            return [
                T.name, T.int("Desired", ["spec", "replicas"]), T.int("Current", ["status", "replicas"]),
                T.int("Ready", ["status", "readyReplicas"]), T.age,
            ] + T.containers(["spec", "template", "spec"])
        case "StatefulSet":
            return [
                T.name,
                Column(name: "Ready") { o, _ in
                    .string(
                        "\(T.count(o, ["status", "readyReplicas"]))/\(o[path: ["spec", "replicas"]]?.intValue ?? 1)")
                }, T.age,
            ] + T.containers(["spec", "template", "spec"]).dropLast()
        case "DaemonSet":
            return [
                T.name, T.int("Desired", ["status", "desiredNumberScheduled"]),
                T.int("Current", ["status", "currentNumberScheduled"]), T.int("Ready", ["status", "numberReady"]),
                T.int("Up-to-date", ["status", "updatedNumberScheduled"]),
                T.int("Available", ["status", "numberAvailable"]),
                Column(name: "Node Selector") { o, _ in
                    let s = (o[path: ["spec", "template", "spec", "nodeSelector"]]?.objectValue ?? ObjectValue()).map {
                        "\($0.key)=\($0.value.stringValue ?? "")"
                    }
                    return .string(s.isEmpty ? "<none>" : s.joined(separator: ","))
                }, T.age,
            ] + T.containers(["spec", "template", "spec"])
        case "Job":
            return [
                T.name,
                Column(name: "Status") { o, _ in
                    let conditions = o[path: ["status", "conditions"]]?.arrayValue ?? []
                    func has(_ t: String) -> Bool {
                        conditions.contains { $0["type"]?.stringValue == t && $0["status"]?.stringValue == "True" }
                    }
                    if has("Complete") { return "Complete" }
                    if has("Failed") { return "Failed" }
                    if has("Suspended") { return "Suspended" }
                    return "Running"
                },
                Column(name: "Completions") { o, _ in
                    .string("\(T.count(o, ["status", "succeeded"]))/\(o[path: ["spec", "completions"]]?.intValue ?? 1)")
                },
                Column(name: "Duration") { o, now in
                    guard let s = o[path: ["status", "startTime"]]?.stringValue, let start = Timestamp.parse(s) else {
                        return ""
                    }
                    let end = o[path: ["status", "completionTime"]]?.stringValue.flatMap(Timestamp.parse) ?? now
                    return .string(Timestamp.humanAge(since: start, now: end))
                }, T.age,
            ] + T.containers(["spec", "template", "spec"])
        case "CronJob":
            return [
                T.name, T.text("Schedule", ["spec", "schedule"]), T.text("Timezone", ["spec", "timeZone"]),
                Column(name: "Suspend", type: "boolean") { o, _ in
                    .bool(o[path: ["spec", "suspend"]]?.boolValue ?? false)
                },
                Column(name: "Active", type: "integer") { o, _ in
                    .int(o[path: ["status", "active"]]?.arrayValue?.count ?? 0)
                },
                Column(name: "Last Schedule") { o, now in
                    guard let s = o[path: ["status", "lastScheduleTime"]]?.stringValue, let d = Timestamp.parse(s)
                    else {
                        return "<none>"
                    }
                    return .string(Timestamp.humanAge(since: d, now: now))
                }, T.age,
            ]
        case "Pod":
            return [
                T.name,
                Column(name: "Ready") { o, _ in
                    let n = o[path: ["spec", "containers"]]?.arrayValue?.count ?? 0
                    let ready = (o[path: ["status", "containerStatuses"]]?.arrayValue ?? []).filter {
                        $0["ready"]?.boolValue == true
                    }.count
                    return .string("\(ready)/\(n)")
                },
                Column(name: "Status") { o, _ in
                    if o[path: ["metadata", "deletionTimestamp"]] != nil { return "Terminating" }
                    for c in o[path: ["status", "containerStatuses"]]?.arrayValue ?? [] {
                        if let reason = c[path: ["state", "waiting", "reason"]] { return reason }
                    }
                    return o[path: ["status", "phase"]] ?? "Pending"
                },
                Column(name: "Restarts", type: "integer") { _, _ in 0 },
                T.age, T.text("IP", priority: 1, ["status", "podIP"]),
                T.text("Node", priority: 1, ["spec", "nodeName"]),
                Column(name: "Nominated Node", priority: 1) { _, _ in "<none>" },
                Column(name: "Readiness Gates", priority: 1) { _, _ in "<none>" },
            ]
        case "Node":
            return [
                T.name,
                Column(name: "Status") { o, _ in
                    let ready = (o[path: ["status", "conditions"]]?.arrayValue ?? []).first { $0["type"] == "Ready" }
                    return ready?["status"] == "True" ? "Ready" : "NotReady"
                },
                Column(name: "Roles") { o, _ in
                    let roles = (o[path: ["metadata", "labels"]]?.objectValue ?? ObjectValue()).keys.compactMap {
                        $0.hasPrefix("node-role.kubernetes.io/")
                            ? String($0.dropFirst("node-role.kubernetes.io/".count)) : nil
                    }
                    return .string(roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ","))
                }, T.age, T.text("Version", ["status", "nodeInfo", "kubeletVersion"]),
            ]
        default: return nil
        }
    }
}
