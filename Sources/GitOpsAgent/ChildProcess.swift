import Foundation
import Synchronization

/// Runs a helper program (kubectl kustomize) to completion, reading its output on their own
/// threads so that a large output cannot fill a pipe and stall it.
enum ChildProcess {
    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], timeout: Duration) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            throw AgentError(.kustomize, "\(executable) could not be started: \(error)")
        }
        let stdout = PipeReader(out.fileHandleForReading)
        let stderr = PipeReader(err.fileHandleForReading)
        let seconds = Double(timeout.components.seconds)
        if done.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            done.wait()
            throw AgentError(.kustomize, "\(executable) \(arguments.first ?? "") took longer than \(Int(seconds))s")
        }
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout.wait(), as: UTF8.self),
            stderr: String(decoding: stderr.wait(), as: UTF8.self))
    }
}

/// Reads a pipe to its end on a dedicated thread.
private final class PipeReader: Sendable {
    private let data = Mutex(Data())
    private let finished = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            let bytes = handle.readDataToEndOfFile()
            data.withLock { $0 = bytes }
            finished.signal()
        }.start()
    }

    /// The whole output, once the pipe is closed.
    func wait() -> Data {
        finished.wait()
        return data.withLock { $0 }
    }
}
