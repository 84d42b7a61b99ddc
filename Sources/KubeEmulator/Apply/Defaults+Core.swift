import Foundation
import Manifests

/// Defaults of the other built-in kinds a manifest repository uses.
extension Defaults {
    static func persistentVolumeClaim(_ pvc: inout Value) {
        pvc.setDefault(["spec", "volumeMode"], "Filesystem")
    }

    static func namespace(_ ns: inout Value) {
        if let name = ns[path: ["metadata", "name"]]?.stringValue {
            ns.setValue(["metadata", "labels", "kubernetes.io/metadata.name"], .string(name))
        }
        ns.setDefault(["spec", "finalizers"], ["kubernetes"])
        ns.setDefault(["status", "phase"], "Active")
    }

    static func subjects(_ binding: inout Value) {
        binding.modifyItems(["subjects"]) { subject in
            let kind = subject["kind"]?.stringValue
            subject.setDefault(["apiGroup"], kind == "ServiceAccount" ? "" : "rbac.authorization.k8s.io")
        }
    }

    /// autoscaling/v2 (and v1) HPA defaults; `behavior` is completed only when given.
    static func horizontalPodAutoscaler(_ hpa: inout Value) {
        hpa.setDefault(["spec", "minReplicas"], 1)
        guard hpa["apiVersion"]?.stringValue == "autoscaling/v2" else { return }
        if hpa[path: ["spec", "metrics"]]?.arrayValue?.isEmpty != false {
            hpa.setValue(
                ["spec", "metrics"],
                [
                    [
                        "type": "Resource",
                        "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 80]],
                    ]
                ])
        }
        guard hpa[path: ["spec", "behavior"]] != nil else { return }
        let rules: [(String, Int, Value)] = [
            (
                "scaleUp", 0,
                [
                    ["type": "Pods", "value": 4, "periodSeconds": 15],
                    ["type": "Percent", "value": 100, "periodSeconds": 15],
                ]
            ),
            ("scaleDown", 300, [["type": "Percent", "value": 100, "periodSeconds": 15]]),
        ]
        for (direction, window, policies) in rules {
            hpa.setDefault(["spec", "behavior", direction, "stabilizationWindowSeconds"], .int(window))
            hpa.setDefault(["spec", "behavior", direction, "selectPolicy"], "Max")
            hpa.setDefault(["spec", "behavior", direction, "policies"], policies)
        }
    }

    /// `policyTypes` from the rules given (`SetDefaults_NetworkPolicy`), ports TCP.
    static func networkPolicy(_ np: inout Value) {
        if np[path: ["spec", "policyTypes"]]?.arrayValue?.isEmpty != false {
            var types: [Value] = ["Ingress"]
            if np[path: ["spec", "egress"]]?.arrayValue?.isEmpty == false { types.append("Egress") }
            np.setValue(["spec", "policyTypes"], .array(types))
        }
        for direction in ["ingress", "egress"] {
            np.modifyItems(["spec", direction]) { rule in
                rule.modifyItems(["ports"]) { $0.setDefault(["protocol"], "TCP") }
            }
        }
    }

    /// apiextensions/v1 defaults: conversion strategy, singular and list kind names.
    static func customResourceDefinition(_ crd: inout Value) {
        crd.setDefault(["spec", "conversion", "strategy"], "None")
        if let kind = crd[path: ["spec", "names", "kind"]]?.stringValue {
            crd.setDefault(["spec", "names", "singular"], .string(kind.lowercased()))
            crd.setDefault(["spec", "names", "listKind"], .string(kind + "List"))
        }
    }

    /// `type: Opaque`, and `stringData` folded into `data` as base64, as the Secret's conversion
    /// does: `stringData` is write-only and never stored.
    static func secret(_ secret: inout Value) {
        secret.setDefault(["type"], "Opaque")
        guard let plain = secret["stringData"]?.objectValue else { return }
        for (key, value) in plain {
            guard let text = value.stringValue else { continue }
            secret.setValue(["data", key], .string(Data(text.utf8).base64EncodedString()))
        }
        secret["stringData"] = nil
    }
}
