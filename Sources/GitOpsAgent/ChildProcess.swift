import Foundation

/// Runs a helper program (kubectl kustomize) to completion. Its output goes to files, not
/// pipes: a pipe's write end can leak into a child another thread starts meanwhile and keep
/// the reader waiting for that child too.
enum ChildProcess {
    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// - Parameter scratch: a directory for the two output files.
    static func run(_ executable: String, _ arguments: [String], scratch: URL, timeout: Duration) throws -> Output {
        let outURL = scratch.appendingPathComponent("child.stdout")
        let errURL = scratch.appendingPathComponent("child.stderr")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: outURL)
            process.standardError = try FileHandle(forWritingTo: errURL)
            try process.run()
        } catch {
            throw AgentError(.kustomize, "\(executable) could not be started: \(error)")
        }
        let seconds = Double(timeout.components.seconds)
        if done.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            done.wait()
            throw AgentError(.kustomize, "\(executable) \(arguments.first ?? "") took longer than \(Int(seconds))s")
        }
        let stdout = (try? Data(contentsOf: outURL)) ?? Data()
        let stderr = (try? Data(contentsOf: errURL)) ?? Data()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
