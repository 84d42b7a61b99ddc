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

    /// Loads what the checks need (e.g. the schema data) ahead of the first `findings` call, so
    /// that a caller can overlap it with other work; safe to call from any thread, more than once.
    func prepare()
}

extension KubernetesLinting {
    public func prepare() {}
}

extension KubernetesChecker: KubernetesLinting {
    public func findings(
        for sources: [KubernetesSource], context: [KubernetesSource], kubeVersion: KubernetesVersion?
    ) -> [Finding] {
        var checker = self
        if let kubeVersion { checker.options.kubeVersion = kubeVersion }
        return checker.check(sources, context: context)
    }

    public func prepare() { _ = try? SchemaStore.bundled() }
}
