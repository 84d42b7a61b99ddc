import Lint

/// The lint step's view of Lint: findings for in-memory files of one application.
struct LintGate: Sendable {
    struct File: Sendable {
        var path: String
        var contents: [UInt8]
    }

    /// Lint's configuration file name, honoured in the application's directory and above it.
    static let configFileName = ".gitops-lint.yaml"

    let check: @Sendable ([File]) -> [Finding]

    func findings(in files: [File]) -> [Finding] { check(files) }
}
