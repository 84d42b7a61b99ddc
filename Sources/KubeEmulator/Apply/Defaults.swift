import Foundation
import Manifests

/// Fills the defaults the real API server gives built-in kinds on create, update and dry-run
/// (kubernetes `pkg/apis/{apps,core,batch}/v1/defaults.go`, plus the Service IP allocation
/// and the Namespace, Job and PVC strategies), so that a dry-run of an unchanged manifest
/// equals the live object. Idempotent; objects of other kinds are left alone.
func applyDefaults(to object: inout Value) {
    guard case .object = object, let kind = object["kind"]?.stringValue else { return }
    let group = ObjectRef.split(apiVersion: object["apiVersion"]?.stringValue ?? "").group
    guard !group.contains(".") || group.hasSuffix(".k8s.io") else { return }
    // A typed server decodes `null` as "unset": built-in objects never store null fields.
    object = Defaults.droppingNulls(object)
    switch (group, kind) {
    case ("apps", "Deployment"): Defaults.deployment(&object)
    case ("apps", "ReplicaSet"):
        object.setDefault(["spec", "replicas"], 1)
        Defaults.podTemplate(&object, at: ["spec", "template"])
    case ("apps", "StatefulSet"): Defaults.statefulSet(&object)
    case ("apps", "DaemonSet"): Defaults.daemonSet(&object)
    case ("batch", "Job"): Defaults.job(&object)
    case ("batch", "CronJob"): Defaults.cronJob(&object)
    case ("", "Pod"):
        Defaults.podSpec(&object, at: ["spec"])
        object.setDefault(["spec", "enableServiceLinks"], true)
    case ("", "PodTemplate"): Defaults.podTemplate(&object, at: ["template"])
    case ("", "Service"): Defaults.service(&object)
    case ("", "Namespace"): Defaults.namespace(&object)
    case ("", "PersistentVolumeClaim"):
        Defaults.persistentVolumeClaim(&object)
        object.setDefault(["status", "phase"], "Pending")
    case ("", "Secret"): Defaults.secret(&object)
    case ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"):
        Defaults.subjects(&object)
    case ("autoscaling", "HorizontalPodAutoscaler"): Defaults.horizontalPodAutoscaler(&object)
    case ("networking.k8s.io", "NetworkPolicy"): Defaults.networkPolicy(&object)
    case ("storage.k8s.io", "StorageClass"):
        object.setDefault(["reclaimPolicy"], "Delete")
        object.setDefault(["volumeBindingMode"], "Immediate")
    case ("", "PersistentVolume"):
        object.setDefault(["spec", "persistentVolumeReclaimPolicy"], "Retain")
        object.setDefault(["spec", "volumeMode"], "Filesystem")
        object.setDefault(["status", "phase"], "Pending")
    case ("scheduling.k8s.io", "PriorityClass"): object.setDefault(["preemptionPolicy"], "PreemptLowerPriority")
    case ("apiextensions.k8s.io", "CustomResourceDefinition"): Defaults.customResourceDefinition(&object)
    default: break
    }
}

extension Value {
    /// Sets the value at `path` when it is missing (or `null`), creating parent objects.
    mutating func setDefault(_ path: [String], _ value: Value) {
        guard let first = path.first else { return }
        guard case .object(var o) = self else { return }
        if path.count == 1 {
            if o[first] == nil || o[first]?.isNull == true { o[first] = value }
        } else {
            var child = o[first].flatMap { $0.isNull ? Value?.none : $0 } ?? .object(ObjectValue())
            child.setDefault(Array(path.dropFirst()), value)
            o[first] = child
        }
        self = .object(o)
    }

    /// Sets (or with `nil` removes) the value at `path`, creating parent objects.
    mutating func setValue(_ path: [String], _ value: Value?) {
        guard let first = path.first, case .object(var o) = self else { return }
        if path.count == 1 {
            o[first] = value
        } else {
            var child = o[first].flatMap { $0.objectValue == nil ? Value?.none : $0 } ?? .object(ObjectValue())
            if value == nil, o[first] == nil { return }
            child.setValue(Array(path.dropFirst()), value)
            o[first] = child
        }
        self = .object(o)
    }

    /// Applies `body` to the value at `path` when it exists.
    mutating func modify(_ path: [String], _ body: (inout Value) -> Void) {
        guard let first = path.first else {
            body(&self)
            return
        }
        guard case .object(var o) = self, var child = o[first] else { return }
        child.modify(Array(path.dropFirst()), body)
        o[first] = child
        self = .object(o)
    }

    /// Applies `body` to every item of the list at `path`.
    mutating func modifyItems(_ path: [String], _ body: (inout Value) -> Void) {
        modify(path) { list in
            guard case .array(var items) = list else { return }
            for i in items.indices { body(&items[i]) }
            list = .array(items)
        }
    }
}

enum Defaults {
    /// `value` without object members whose value is `null`, at any depth.
    static func droppingNulls(_ value: Value) -> Value {
        switch value {
        case .object(let o):
            var out = ObjectValue()
            for (k, v) in o where !v.isNull { out.appendUnchecked(k, droppingNulls(v)) }
            return .object(out)
        case .array(let a):
            return .array(a.map(droppingNulls))
        default:
            return value
        }
    }

    static func deployment(_ d: inout Value) {
        d.setDefault(["spec", "replicas"], 1)
        d.setDefault(["spec", "strategy", "type"], "RollingUpdate")
        if d[path: ["spec", "strategy", "type"]]?.stringValue == "RollingUpdate" {
            d.setDefault(["spec", "strategy", "rollingUpdate", "maxUnavailable"], "25%")
            d.setDefault(["spec", "strategy", "rollingUpdate", "maxSurge"], "25%")
        }
        d.setDefault(["spec", "revisionHistoryLimit"], 10)
        d.setDefault(["spec", "progressDeadlineSeconds"], 600)
        podTemplate(&d, at: ["spec", "template"])
    }

    static func statefulSet(_ s: inout Value) {
        s.setDefault(["spec", "replicas"], 1)
        s.setDefault(["spec", "podManagementPolicy"], "OrderedReady")
        s.setDefault(["spec", "updateStrategy", "type"], "RollingUpdate")
        if s[path: ["spec", "updateStrategy", "type"]]?.stringValue == "RollingUpdate" {
            s.setDefault(["spec", "updateStrategy", "rollingUpdate", "partition"], 0)
        }
        s.setDefault(["spec", "revisionHistoryLimit"], 10)
        s.setDefault(["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"], "Retain")
        s.setDefault(["spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"], "Retain")
        s.modifyItems(["spec", "volumeClaimTemplates"]) { pvc in
            pvc.setDefault(["apiVersion"], "v1")
            pvc.setDefault(["kind"], "PersistentVolumeClaim")
            persistentVolumeClaim(&pvc)
            pvc.setDefault(["status", "phase"], "Pending")
        }
        podTemplate(&s, at: ["spec", "template"])
    }

    static func daemonSet(_ d: inout Value) {
        d.setDefault(["spec", "updateStrategy", "type"], "RollingUpdate")
        if d[path: ["spec", "updateStrategy", "type"]]?.stringValue == "RollingUpdate" {
            d.setDefault(["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"], 1)
            d.setDefault(["spec", "updateStrategy", "rollingUpdate", "maxSurge"], 0)
        }
        d.setDefault(["spec", "revisionHistoryLimit"], 10)
        podTemplate(&d, at: ["spec", "template"])
    }

    static func job(_ j: inout Value) {
        jobSpec(&j, at: ["spec"])
        // The Job strategy selects the Job's pods by its uid (batch `job/strategy.go`).
        if let uid = j[path: ["metadata", "uid"]]?.stringValue, j[path: ["spec", "manualSelector"]]?.boolValue != true,
            let name = j[path: ["metadata", "name"]]?.stringValue
        {
            let labels: [(String, Value)] = [
                ("batch.kubernetes.io/controller-uid", .string(uid)), ("batch.kubernetes.io/job-name", .string(name)),
                ("controller-uid", .string(uid)), ("job-name", .string(name)),
            ]
            for (k, v) in labels { j.setDefault(["spec", "template", "metadata", "labels", k], v) }
            j.setDefault(["spec", "selector", "matchLabels", "batch.kubernetes.io/controller-uid"], .string(uid))
            if j[path: ["metadata", "labels"]]?.objectValue?.isEmpty != false {
                j.setValue(["metadata", "labels"], j[path: ["spec", "template", "metadata", "labels"]])
            }
        }
    }

    static func jobSpec(_ j: inout Value, at spec: [String]) {
        if j[path: spec + ["completions"]] == nil, j[path: spec + ["parallelism"]] == nil {
            j.setDefault(spec + ["completions"], 1)
        }
        j.setDefault(spec + ["parallelism"], 1)
        j.setDefault(spec + ["backoffLimit"], 6)
        j.setDefault(spec + ["completionMode"], "NonIndexed")
        j.setDefault(spec + ["suspend"], false)
        j.setDefault(
            spec + ["podReplacementPolicy"],
            j[path: spec + ["podFailurePolicy"]] == nil ? "TerminatingOrFailed" : "Failed")
        podTemplate(&j, at: spec + ["template"])
    }

    static func cronJob(_ c: inout Value) {
        c.setDefault(["spec", "concurrencyPolicy"], "Allow")
        c.setDefault(["spec", "suspend"], false)
        c.setDefault(["spec", "successfulJobsHistoryLimit"], 3)
        c.setDefault(["spec", "failedJobsHistoryLimit"], 1)
        podTemplate(&c, at: ["spec", "jobTemplate", "spec", "template"])
    }

    static func podTemplate(_ object: inout Value, at path: [String]) {
        guard object[path: path] != nil else { return }
        podSpec(&object, at: path + ["spec"])
    }

    static func podSpec(_ object: inout Value, at path: [String]) {
        object.modify(path) { spec in
            guard case .object = spec else { return }
            spec.setDefault(["restartPolicy"], "Always")
            spec.setDefault(["terminationGracePeriodSeconds"], 30)
            spec.setDefault(["dnsPolicy"], "ClusterFirst")
            spec.setDefault(["securityContext"], .object(ObjectValue()))
            spec.setDefault(["schedulerName"], "default-scheduler")
            // The v1 conversion mirrors the deprecated field.
            if let sa = spec["serviceAccountName"], spec["serviceAccount"] == nil { spec["serviceAccount"] = sa }
            if let sa = spec["serviceAccount"], spec["serviceAccountName"] == nil { spec["serviceAccountName"] = sa }
            let hostNetwork = spec["hostNetwork"]?.boolValue == true
            for list in ["containers", "initContainers"] {
                spec.modifyItems([list]) { container(&$0, hostNetwork: hostNetwork) }
            }
            spec.modifyItems(["volumes"]) { volume(&$0) }
        }
    }

    static func container(_ c: inout Value, hostNetwork: Bool) {
        c.setDefault(["terminationMessagePath"], "/dev/termination-log")
        c.setDefault(["terminationMessagePolicy"], "File")
        c.setDefault(["imagePullPolicy"], .string(pullPolicy(c["image"]?.stringValue ?? "")))
        c.setDefault(["resources"], .object(ObjectValue()))
        c.modifyItems(["ports"]) { port in
            port.setDefault(["protocol"], "TCP")
            if hostNetwork, let p = port["containerPort"] { port.setDefault(["hostPort"], p) }
        }
        c.modifyItems(["env"]) { env in
            env.modify(["valueFrom", "fieldRef"]) { $0.setDefault(["apiVersion"], "v1") }
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] where c[probe] != nil {
            c.setDefault([probe, "timeoutSeconds"], 1)
            c.setDefault([probe, "periodSeconds"], 10)
            c.setDefault([probe, "successThreshold"], 1)
            c.setDefault([probe, "failureThreshold"], 3)
            if c[path: [probe, "httpGet"]] != nil { c.setDefault([probe, "httpGet", "scheme"], "HTTP") }
        }
    }

    /// `Always` for `:latest` or an untagged image, else `IfNotPresent`.
    static func pullPolicy(_ image: String) -> String {
        if image.contains("@") { return "IfNotPresent" }
        let lastComponent = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = lastComponent.lastIndex(of: ":") else { return "Always" }
        return lastComponent[lastComponent.index(after: colon)...] == "latest" ? "Always" : "IfNotPresent"
    }

    private static let volumeSources = [
        "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi",
        "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc",
        "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected",
        "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image",
    ]

    static func volume(_ v: inout Value) {
        if !volumeSources.contains(where: { v[$0] != nil }) { v["emptyDir"] = .object(ObjectValue()) }
        for source in ["configMap", "secret", "downwardAPI", "projected"] where v[source] != nil {
            v.setDefault([source, "defaultMode"], 420)
        }
        if v["hostPath"] != nil { v.setDefault(["hostPath", "type"], "") }
    }

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
