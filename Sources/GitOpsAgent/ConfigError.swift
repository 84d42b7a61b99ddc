import Manifests

/// Why a `gitops-agent.yaml` cannot be used: every problem found, each with its position.
///
/// `description` prints one problem per line as `path:line:col: message`, as compilers do.
struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// One problem at one place in the config file.
    struct Problem: Sendable, Equatable, CustomStringConvertible {
        var path: String
        var mark: Mark?
        var message: String

        var description: String {
            guard let mark else { return "\(path): \(message)" }
            return "\(path):\(mark.line):\(mark.column): \(message)"
        }
    }

    var problems: [Problem]

    init(_ problems: [Problem]) {
        self.problems = problems
    }

    init(path: String, mark: Mark?, _ message: String) {
        self.problems = [Problem(path: path, mark: mark, message: message)]
    }

    var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
