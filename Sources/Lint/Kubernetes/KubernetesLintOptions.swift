/// Options of the Kubernetes checks.
public struct KubernetesLintOptions: Sendable, Equatable {
    /// The Kubernetes release to check against (`--kube-version`). Schemas exist for 1.25–1.37;
    /// an older or newer release is checked with the nearest schemas, removals with its own number.
    public var kubeVersion: KubernetesVersion

    public init(kubeVersion: KubernetesVersion) {
        self.kubeVersion = kubeVersion
    }

    /// Kubernetes 1.37, the newest release of the bundled schemas.
    public static let `default` = KubernetesLintOptions(kubeVersion: KubernetesVersion(minor: 37))
}
