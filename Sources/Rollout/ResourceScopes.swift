import Manifests

/// Which kinds are namespaced: a table of built-in kinds, extended by CRDs and discovery.
public struct ResourceScopes: Sendable {
    struct Kind: Hashable {
        var group: String
        var kind: String
    }

    var namespaced: [Kind: Bool]

    /// The built-in Kubernetes kinds.
    public static let builtIn = ResourceScopes(namespaced: builtInTable)

    /// Whether `kind` of `group` is namespaced, or `nil` when unknown.
    public func isNamespaced(group: String, kind: String) -> Bool? {
        namespaced[Kind(group: group, kind: kind)]
    }

    /// Records the scope of a kind, e.g. from discovery.
    public mutating func learn(group: String, kind: String, namespaced isNamespaced: Bool) {
        namespaced[Kind(group: group, kind: kind)] = isNamespaced
    }

    /// Records the kinds that the CustomResourceDefinitions among `objects` define.
    public mutating func learnDefinitions(in objects: [Value]) {
        for object in objects where object["kind"]?.stringValue == "CustomResourceDefinition" {
            guard let group = object[path: ["spec", "group"]]?.stringValue,
                let kind = object[path: ["spec", "names", "kind"]]?.stringValue
            else { continue }
            learn(group: group, kind: kind, namespaced: object[path: ["spec", "scope"]]?.stringValue != "Cluster")
        }
    }

    private static let clusterScoped: [(String, [String])] = [
        ("", ["Namespace", "Node", "PersistentVolume", "ComponentStatus"]),
        ("rbac.authorization.k8s.io", ["ClusterRole", "ClusterRoleBinding"]),
        ("apiextensions.k8s.io", ["CustomResourceDefinition"]),
        ("storage.k8s.io", ["StorageClass", "CSIDriver", "CSINode", "VolumeAttachment"]),
        ("scheduling.k8s.io", ["PriorityClass"]),
        ("networking.k8s.io", ["IngressClass"]),
        ("node.k8s.io", ["RuntimeClass"]),
        (
            "admissionregistration.k8s.io",
            [
                "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy",
                "ValidatingAdmissionPolicyBinding",
            ]
        ),
        ("apiregistration.k8s.io", ["APIService"]),
        ("certificates.k8s.io", ["CertificateSigningRequest"]),
        ("flowcontrol.apiserver.k8s.io", ["FlowSchema", "PriorityLevelConfiguration"]),
    ]

    private static let namespacedKinds: [(String, [String])] = [
        (
            "",
            [
                "Pod", "Service", "ConfigMap", "Secret", "ServiceAccount", "PersistentVolumeClaim", "Endpoints",
                "Event", "LimitRange", "ResourceQuota", "ReplicationController", "PodTemplate",
            ]
        ),
        ("apps", ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision"]),
        ("batch", ["Job", "CronJob"]),
        ("networking.k8s.io", ["Ingress", "NetworkPolicy"]),
        ("rbac.authorization.k8s.io", ["Role", "RoleBinding"]),
        ("policy", ["PodDisruptionBudget"]),
        ("autoscaling", ["HorizontalPodAutoscaler"]),
        ("coordination.k8s.io", ["Lease"]),
        ("discovery.k8s.io", ["EndpointSlice"]),
        ("events.k8s.io", ["Event"]),
    ]

    private static var builtInTable: [Kind: Bool] {
        var table: [Kind: Bool] = [:]
        for (group, kinds) in clusterScoped {
            for kind in kinds { table[Kind(group: group, kind: kind)] = false }
        }
        for (group, kinds) in namespacedKinds {
            for kind in kinds { table[Kind(group: group, kind: kind)] = true }
        }
        return table
    }
}
