import Spawn

/// Runs a helper program (kubectl kustomize) to completion, with a deadline. `Spawn` closes
/// every other descriptor in the child, so output pipes cannot leak into children that other
/// threads start meanwhile.
enum ChildProcess {
    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], timeout: Duration) throws -> Output {
        let result: SpawnResult
        do {
            result = try Spawn.run(executable, arguments, timeout: timeout)
        } catch {
            throw AgentError(.kustomize, "\(error)")
        }
        if result.timedOut {
            throw AgentError(
                .kustomize, "\(executable) \(arguments.first ?? "") took longer than \(timeout.components.seconds)s")
        }
        return Output(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }
}
