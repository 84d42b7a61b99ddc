import Lint

extension LintGate {
    /// Lint's YAML rules and Kubernetes checks, configured by the `.gitops-lint.yaml` files
    /// among the application's files.
    static let kubernetes = LintGate { files in
        Linter(kubernetes: KubernetesChecker()).lint(files.map { LintSource(path: $0.path, contents: $0.contents) })
    }
}
