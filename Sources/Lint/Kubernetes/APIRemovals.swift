/// API versions Kubernetes stopped serving before the oldest release in the bundled schema
/// data (1.25), from the Kubernetes deprecated API migration guide. Later removals come from the
/// data itself: a kind served in one release and missing from the next was removed there.
enum APIRemovals {
    struct Removal: Sendable {
        var apiVersion: String
        var kind: String
        var removedIn: Int
        /// The `apiVersion` to use instead, or `nil` when the API has no successor.
        var replacement: String?
        var note: String?
    }

    static func removal(apiVersion: String, kind: String) -> Removal? {
        index[apiVersion]?[kind]
    }

    /// `table` by apiVersion, then kind: looked up once per object.
    private static let index: [String: [String: Removal]] = {
        var index: [String: [String: Removal]] = [:]
        for removal in table { index[removal.apiVersion, default: [:]][removal.kind] = removal }
        return index
    }()

    private static func removed(
        _ minor: Int, _ apiVersion: String, _ kinds: [String], use replacement: String?, note: String? = nil
    )
        -> [Removal]
    {
        kinds.map { Removal(apiVersion: apiVersion, kind: $0, removedIn: minor, replacement: replacement, note: note) }
    }

    private static let ingressChanges =
        "spec.backend is now spec.defaultBackend, serviceName/servicePort are service.name/service.port, "
        + "and pathType is required"

    static let table: [Removal] =
        removed(16, "extensions/v1beta1", ["NetworkPolicy"], use: "networking.k8s.io/v1")
        + removed(16, "extensions/v1beta1", ["PodSecurityPolicy"], use: "policy/v1beta1")
        + removed(16, "extensions/v1beta1", ["DaemonSet", "Deployment", "ReplicaSet"], use: "apps/v1")
        + removed(16, "apps/v1beta1", ["Deployment", "StatefulSet", "ReplicaSet"], use: "apps/v1")
        + removed(16, "apps/v1beta2", ["DaemonSet", "Deployment", "StatefulSet", "ReplicaSet"], use: "apps/v1")
        + removed(
            22, "admissionregistration.k8s.io/v1beta1",
            ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
            use: "admissionregistration.k8s.io/v1")
        + removed(22, "apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"], use: "apiextensions.k8s.io/v1")
        + removed(22, "apiregistration.k8s.io/v1beta1", ["APIService"], use: "apiregistration.k8s.io/v1")
        + removed(22, "authentication.k8s.io/v1beta1", ["TokenReview"], use: "authentication.k8s.io/v1")
        + removed(
            22, "authorization.k8s.io/v1beta1",
            ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SubjectAccessReview"],
            use: "authorization.k8s.io/v1")
        + removed(22, "certificates.k8s.io/v1beta1", ["CertificateSigningRequest"], use: "certificates.k8s.io/v1")
        + removed(22, "coordination.k8s.io/v1beta1", ["Lease"], use: "coordination.k8s.io/v1")
        + removed(
            22, "extensions/v1beta1", ["Ingress"], use: "networking.k8s.io/v1",
            note:
                "spec.backend is now spec.defaultBackend, serviceName/servicePort are service.name/service.port, and pathType is required"
        )
        + removed(
            22, "networking.k8s.io/v1beta1", ["Ingress"], use: "networking.k8s.io/v1",
            note:
                "spec.backend is now spec.defaultBackend, serviceName/servicePort are service.name/service.port, and pathType is required"
        )
        + removed(22, "networking.k8s.io/v1beta1", ["IngressClass"], use: "networking.k8s.io/v1")
        + removed(
            22, "rbac.authorization.k8s.io/v1beta1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
            use: "rbac.authorization.k8s.io/v1")
        + removed(22, "scheduling.k8s.io/v1beta1", ["PriorityClass"], use: "scheduling.k8s.io/v1")
        + removed(
            22, "storage.k8s.io/v1beta1", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
            use: "storage.k8s.io/v1")
        + removed(25, "batch/v1beta1", ["CronJob"], use: "batch/v1")
        + removed(25, "discovery.k8s.io/v1beta1", ["EndpointSlice"], use: "discovery.k8s.io/v1")
        + removed(25, "events.k8s.io/v1beta1", ["Event"], use: "events.k8s.io/v1")
        + removed(25, "autoscaling/v2beta1", ["HorizontalPodAutoscaler"], use: "autoscaling/v2")
        + removed(25, "policy/v1beta1", ["PodDisruptionBudget"], use: "policy/v1")
        + removed(
            25, "policy/v1beta1", ["PodSecurityPolicy"], use: nil,
            note: "PodSecurityPolicy has no successor API; use Pod Security Admission (namespace labels)")
        + removed(25, "node.k8s.io/v1beta1", ["RuntimeClass"], use: "node.k8s.io/v1")

    /// Successors of kinds the API docs mark deprecated.
    static let deprecatedKindSuccessors: [String: String] = [
        "Endpoints": "discovery.k8s.io/v1 EndpointSlice"
    ]
}
