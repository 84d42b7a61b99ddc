import Foundation
import TestSupport

/// Runs the built `gitops-agent` executable as a user would.
enum AgentBinary {
    /// The executable beside the test bundle (`swift build` puts every product in one directory).
    static let path: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = bundle.deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("gitops-agent").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gitops-agent").path
    }()

    /// Output of one run: status, standard output and standard error.
    struct Run: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    static func run(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> Run {
        let result = try await ProcessRunner.runDetached(path, arguments, timeout: timeout)
        return Run(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }
}
