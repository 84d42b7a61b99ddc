import Manifests

/// The Kubernetes checks as the linter calls them: a small seam so that YAML linting does not
/// depend on how the schema rules are built.
public protocol KubernetesLinting: Sendable {
    /// Findings for the objects in `sources`, at the rules' default levels.
    ///
    /// - Parameters:
    ///   - sources: the files to report on (parsed, syntax-clean documents).
    ///   - context: further files whose CustomResourceDefinitions count; not reported on.
    ///   - kubeVersion: the target release, or `nil` for the checker's default.
    func findings(
        for sources: [KubernetesSource], context: [KubernetesSource], kubeVersion: KubernetesVersion?
    ) -> [Finding]
}

extension KubernetesChecker: KubernetesLinting {
    public func findings(
        for sources: [KubernetesSource], context: [KubernetesSource], kubeVersion: KubernetesVersion?
    ) -> [Finding] {
        var checker = self
        if let kubeVersion { checker.options.kubeVersion = kubeVersion }
        return checker.check(sources, context: context)
    }
}
