import Foundation
import Manifests

/// Server-side printing for `kubectl get`: the `meta.k8s.io/v1` Table with the columns the
/// real server's printers use (kubernetes `pkg/printers/internalversion/printers.go`).
struct TablePrinter: Sendable {
    var type: ResourceType
    var now: Date

    struct Column {
        var name: String
        var type: String = "string"
        var format: String = ""
        var priority = 0
        var cell: @Sendable (Value, Date) -> Value
    }

    func table(_ objects: [Value], resourceVersion: String, continueToken: String? = nil) -> Value {
        let columns = self.columns
        var meta: Value = ["resourceVersion": .string(resourceVersion)]
        if let continueToken { meta["continue"] = .string(continueToken) }
        let definitions: [Value] = columns.map { c in
            [
                "name": .string(c.name), "type": .string(c.type), "format": .string(c.format),
                "description": .string(TablePrinter.describe(c.name)), "priority": .int(c.priority),
            ]
        }
        let rows: [Value] = objects.map { object in
            let cells = columns.map { $0.cell(object, now) }
            return [
                "cells": .array(cells),
                "object": [
                    "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                    "metadata": object["metadata"] ?? .object(ObjectValue()),
                ],
            ]
        }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": meta,
            "columnDefinitions": .array(definitions), "rows": .array(rows),
        ]
    }

    private static func describe(_ column: String) -> String {
        switch column {
        case "Name":
            return "Name must be unique within a namespace. Is required when creating resources, although some "
                + "resources may allow a client to request the generation of an appropriate name automatically."
        case "Age", "Created At":
            return "CreationTimestamp is a timestamp representing the server time when this object was created."
        default: return column
        }
    }

    static let name = Column(name: "Name", format: "name") { o, _ in
        o[path: ["metadata", "name"]] ?? ""
    }
    static let age = Column(name: "Age") { o, now in
        guard let text = o[path: ["metadata", "creationTimestamp"]]?.stringValue, let created = Timestamp.parse(text)
        else { return "<unknown>" }
        return .string(Timestamp.humanAge(since: created, now: now))
    }
    static let createdAt = Column(name: "Created At", type: "date") { o, _ in
        o[path: ["metadata", "creationTimestamp"]] ?? .null
    }

    static func int(_ name: String, priority: Int = 0, _ path: [String]) -> Column {
        Column(name: name, type: "integer", priority: priority) { o, _ in .int(o[path: path]?.intValue ?? 0) }
    }

    static func text(_ name: String, priority: Int = 0, _ path: [String], empty: String = "<none>") -> Column {
        Column(name: name, priority: priority) { o, _ in
            if let s = o[path: path]?.stringValue, !s.isEmpty { return .string(s) }
            return .string(empty)
        }
    }

    static func containers(_ podSpec: [String]) -> [Column] {
        [
            Column(name: "Containers", priority: 1) { o, _ in
                .string(
                    (o[path: podSpec + ["containers"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
                        .joined(separator: ","))
            },
            Column(name: "Images", priority: 1) { o, _ in
                .string(
                    (o[path: podSpec + ["containers"]]?.arrayValue ?? []).compactMap { $0["image"]?.stringValue }
                        .joined(separator: ","))
            },
            Column(name: "Selector", priority: 1) { o, _ in .string(selectorText(o[path: ["spec", "selector"]])) },
        ]
    }

    /// `RWO,ROX`, as kubectl abbreviates access modes.
    static func accessModes(_ modes: Value?) -> String {
        let short = [
            "ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP",
        ]
        return (modes?.arrayValue ?? []).compactMap { $0.stringValue.map { short[$0] ?? $0 } }.joined(separator: ",")
    }

    static func count(_ object: Value, _ path: [String]) -> Int { object[path: path]?.intValue ?? 0 }

    static func selectorText(_ selector: Value?) -> String {
        guard let selector else { return "<none>" }
        var parts: [String] = []
        let labels =
            selector["matchLabels"]?.objectValue ?? (selector["matchExpressions"] == nil ? selector.objectValue : nil)
        for (k, v) in labels ?? ObjectValue() { parts.append("\(k)=\(v.stringValue ?? "")") }
        for e in selector["matchExpressions"]?.arrayValue ?? [] {
            let key = e["key"]?.stringValue ?? ""
            let values = (e["values"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")
            switch e["operator"]?.stringValue ?? "" {
            case "In": parts.append("\(key) in (\(values))")
            case "NotIn": parts.append("\(key) notin (\(values))")
            case "Exists": parts.append(key)
            case "DoesNotExist": parts.append("!\(key)")
            default: break
            }
        }
        return parts.isEmpty ? "<none>" : parts.joined(separator: ",")
    }

    var columns: [Column] {
        typealias T = TablePrinter
        if type.isCustom {
            var columns = [T.name]
            let custom =
                type.printerColumns.isEmpty
                ? [
                    ResourceType.PrinterColumn(
                        name: "Age", type: "date", format: "", description: "", priority: 0,
                        jsonPath: ".metadata.creationTimestamp")
                ]
                : type.printerColumns
            for pc in custom {
                let path = pc.jsonPath.split(separator: ".").map(String.init)
                columns.append(
                    Column(name: pc.name, type: pc.type, format: pc.format, priority: pc.priority) { o, now in
                        let v = o[path: path]
                        if pc.type == "date", let s = v?.stringValue, let d = Timestamp.parse(s) {
                            return .string(Timestamp.humanAge(since: d, now: now))
                        }
                        return v ?? .null
                    })
            }
            return columns
        }
        if let columns = T.workloadColumns(type.kind) { return columns }
        switch type.kind {
        case "ConfigMap":
            return [
                T.name,
                Column(name: "Data", type: "integer") { o, _ in
                    .int((o["data"]?.objectValue?.count ?? 0) + (o["binaryData"]?.objectValue?.count ?? 0))
                }, T.age,
            ]
        case "Secret":
            return [
                T.name, T.text("Type", ["type"]),
                Column(name: "Data", type: "integer") { o, _ in .int(o["data"]?.objectValue?.count ?? 0) }, T.age,
            ]
        case "Namespace": return [T.name, T.text("Status", ["status", "phase"]), T.age]
        case "ServiceAccount":
            return [
                T.name, Column(name: "Secrets", type: "integer") { o, _ in .int(o["secrets"]?.arrayValue?.count ?? 0) },
                T.age,
            ]
        case "Service":
            return [
                T.name, T.text("Type", ["spec", "type"]), T.text("Cluster-IP", ["spec", "clusterIP"]),
                Column(name: "External-IP") { o, _ in
                    let ips = (o[path: ["spec", "externalIPs"]]?.arrayValue ?? []).compactMap(\.stringValue)
                    if !ips.isEmpty { return .string(ips.joined(separator: ",")) }
                    return o[path: ["spec", "type"]]?.stringValue == "LoadBalancer" ? "<pending>" : "<none>"
                },
                Column(name: "Port(s)") { o, _ in
                    let ports = (o[path: ["spec", "ports"]]?.arrayValue ?? []).map { p -> String in
                        let port = p["port"]?.intValue ?? 0
                        let proto = p["protocol"]?.stringValue ?? "TCP"
                        if let node = p["nodePort"]?.intValue { return "\(port):\(node)/\(proto)" }
                        return "\(port)/\(proto)"
                    }
                    return .string(ports.isEmpty ? "<none>" : ports.joined(separator: ","))
                }, T.age,
                Column(name: "Selector", priority: 1) { o, _ in
                    let s = (o[path: ["spec", "selector"]]?.objectValue ?? ObjectValue()).map {
                        "\($0.key)=\($0.value.stringValue ?? "")"
                    }
                    return .string(s.isEmpty ? "<none>" : s.joined(separator: ","))
                },
            ]
        case "PersistentVolumeClaim":
            return [
                T.name, T.text("Status", ["status", "phase"], empty: "Pending"),
                T.text("Volume", ["spec", "volumeName"], empty: ""),
                T.text("Capacity", ["status", "capacity", "storage"], empty: ""),
                Column(name: "Access Modes") { o, _ in .string(T.accessModes(o[path: ["status", "accessModes"]])) },
                T.text("StorageClass", ["spec", "storageClassName"], empty: "<unset>"),
                T.text("VolumeAttributesClass", ["spec", "volumeAttributesClassName"], empty: "<unset>"), T.age,
            ]
        case "PersistentVolume":
            return [
                T.name, T.text("Capacity", ["spec", "capacity", "storage"], empty: ""),
                Column(name: "Access Modes") { o, _ in .string(T.accessModes(o[path: ["spec", "accessModes"]])) },
                T.text("Reclaim Policy", ["spec", "persistentVolumeReclaimPolicy"], empty: ""),
                T.text("Status", ["status", "phase"], empty: ""),
                Column(name: "Claim") { o, _ in
                    guard let ref = o[path: ["spec", "claimRef"]] else { return "" }
                    return .string("\(ref["namespace"]?.stringValue ?? "")/\(ref["name"]?.stringValue ?? "")")
                }, T.text("StorageClass", ["spec", "storageClassName"], empty: ""),
                T.text("VolumeAttributesClass", ["spec", "volumeAttributesClassName"], empty: "<unset>"),
                T.text("Reason", ["status", "reason"], empty: ""), T.age,
            ]
        case "Ingress":
            return [
                T.name, T.text("Class", ["spec", "ingressClassName"]),
                Column(name: "Hosts") { o, _ in
                    let hosts = (o[path: ["spec", "rules"]]?.arrayValue ?? []).compactMap { $0["host"]?.stringValue }
                    return .string(hosts.isEmpty ? "*" : hosts.joined(separator: ","))
                }, Column(name: "Address") { _, _ in "" }, Column(name: "Ports") { _, _ in "80" }, T.age,
            ]
        case "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding":
            return [T.name, T.createdAt]
        case "HorizontalPodAutoscaler":
            return [
                T.name,
                Column(name: "Reference") { o, _ in
                    .string(
                        "\(o[path: ["spec", "scaleTargetRef", "kind"]]?.stringValue ?? "")/"
                            + "\(o[path: ["spec", "scaleTargetRef", "name"]]?.stringValue ?? "")")
                }, Column(name: "Targets") { _, _ in "<unknown>" }, T.int("MinPods", ["spec", "minReplicas"]),
                T.int("MaxPods", ["spec", "maxReplicas"]), T.int("Replicas", ["status", "currentReplicas"]), T.age,
            ]
        default:
            return [T.name, T.age]
        }
    }
}
