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

/// The defaulting rules per kind; `applyDefaults(to:)` picks them.
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
}
