import Foundation
import TestSupport

/// Runs the built `gitops-agent` executable as a user would.
enum AgentBinary {
    /// Output of one run: status, standard output and standard error.
    struct Run: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    static func run(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> Run {
        let result = try await ProcessRunner.runDetached(
            try BuiltProducts.path("gitops-agent"), arguments, timeout: timeout)
        return Run(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }
}
