/// The built-in kinds a manifest repository uses, as a 1.32 server serves them.
enum BuiltInTypes {
    static let all: [ResourceType] = core + apps + others

    private static func type(
        _ group: String, _ version: String, _ resource: String, _ kind: String, namespaced: Bool = true,
        short: [String] = [], categories: [String] = [], status: Bool = false, scale: Bool = false,
        generation: Bool = false
    ) -> ResourceType {
        var singular = kind.lowercased()
        if kind == "Endpoints" { singular = "endpoints" }
        return ResourceType(
            group: group, version: version, resource: resource, kind: kind, singular: singular,
            namespaced: namespaced, shortNames: short, categories: categories, hasStatus: status, hasScale: scale,
            setsGeneration: generation)
    }

    private static let core: [ResourceType] = [
        type("", "v1", "configmaps", "ConfigMap", short: ["cm"]),
        type("", "v1", "endpoints", "Endpoints", short: ["ep"]),
        type("", "v1", "events", "Event", short: ["ev"]),
        type("", "v1", "namespaces", "Namespace", namespaced: false, short: ["ns"], status: true),
        type("", "v1", "nodes", "Node", namespaced: false, short: ["no"], status: true),
        type("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", short: ["pvc"], status: true),
        type("", "v1", "persistentvolumes", "PersistentVolume", namespaced: false, short: ["pv"], status: true),
        type("", "v1", "pods", "Pod", short: ["po"], categories: ["all"], status: true),
        type("", "v1", "secrets", "Secret"),
        type("", "v1", "serviceaccounts", "ServiceAccount", short: ["sa"]),
        type("", "v1", "services", "Service", short: ["svc"], categories: ["all"], status: true),
    ]

    private static let apps: [ResourceType] = [
        type("apps", "v1", "controllerrevisions", "ControllerRevision"),
        type(
            "apps", "v1", "daemonsets", "DaemonSet", short: ["ds"], categories: ["all"], status: true, generation: true),
        type(
            "apps", "v1", "deployments", "Deployment", short: ["deploy"], categories: ["all"], status: true,
            scale: true, generation: true),
        type(
            "apps", "v1", "replicasets", "ReplicaSet", short: ["rs"], categories: ["all"], status: true, scale: true,
            generation: true),
        type(
            "apps", "v1", "statefulsets", "StatefulSet", short: ["sts"], categories: ["all"], status: true,
            scale: true, generation: true),
    ]

    private static let others: [ResourceType] = [
        type(
            "apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", namespaced: false,
            short: ["crd", "crds"], status: true, generation: true),
        type(
            "autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", short: ["hpa"],
            categories: ["all"], status: true),
        type("batch", "v1", "cronjobs", "CronJob", short: ["cj"], categories: ["all"], status: true, generation: true),
        type("batch", "v1", "jobs", "Job", categories: ["all"], status: true, generation: true),
        type("coordination.k8s.io", "v1", "leases", "Lease"),
        type("networking.k8s.io", "v1", "ingressclasses", "IngressClass", namespaced: false),
        type("networking.k8s.io", "v1", "ingresses", "Ingress", short: ["ing"], status: true, generation: true),
        type("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", short: ["netpol"], generation: true),
        type(
            "policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", short: ["pdb"], status: true,
            generation: true),
        type("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", namespaced: false),
        type("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", namespaced: false),
        type("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding"),
        type("rbac.authorization.k8s.io", "v1", "roles", "Role"),
        type("storage.k8s.io", "v1", "storageclasses", "StorageClass", namespaced: false, short: ["sc"]),
    ]

    /// Group order in discovery, as a real server lists them (core first).
    static let groupOrder = [
        "", "apps", "autoscaling", "batch", "networking.k8s.io", "policy", "rbac.authorization.k8s.io",
        "storage.k8s.io", "apiextensions.k8s.io", "coordination.k8s.io",
    ]
}
