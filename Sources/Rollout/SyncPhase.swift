import Manifests

/// The apply order of kinds within a wave (DESIGN.md "Apply, diff, prune"); prune runs it
/// backwards.
public enum SyncPhase: Int, Sendable, Comparable, CaseIterable {
    case customResourceDefinitions
    case namespaces
    case clusterScoped
    case serviceAccounts
    case secrets
    case configMaps
    case persistentVolumeClaims
    case services
    case workloads
    case other

    static let workloadKinds: Set<String> = [
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod", "ReplicationController",
    ]

    /// The phase of an object; `namespaced` is its scope as resolved for the application.
    public init(_ ref: ObjectRef, namespaced: Bool) {
        switch (ref.group, ref.kind) {
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): self = .customResourceDefinitions
        case ("", "Namespace"): self = .namespaces
        case _ where !namespaced: self = .clusterScoped
        case ("", "ServiceAccount"): self = .serviceAccounts
        case ("", "Secret"): self = .secrets
        case ("", "ConfigMap"): self = .configMaps
        case ("", "PersistentVolumeClaim"): self = .persistentVolumeClaims
        case ("", "Service"): self = .services
        case ("", _), ("apps", _), ("batch", _):
            self = SyncPhase.workloadKinds.contains(ref.kind) ? .workloads : .other
        default: self = .other
        }
    }

    /// Earlier phases apply first.
    public static func < (a: SyncPhase, b: SyncPhase) -> Bool { a.rawValue < b.rawValue }
}
