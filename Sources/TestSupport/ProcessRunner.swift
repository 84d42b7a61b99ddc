import Foundation
import Spawn

/// The outcome of `ProcessRunner.run`.
public struct ProcessResult: Sendable {
    /// Exit status, or the signal number plus 128 when the process was killed.
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
    /// True when the timeout passed and the process was killed.
    public var timedOut: Bool

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// An error from `ProcessRunner.check`: the command, its status and its standard error.
public struct ProcessFailure: Error, CustomStringConvertible {
    public var command: String
    public var result: ProcessResult
    public var description: String {
        let why = result.timedOut ? "timed out" : "exited with \(result.status)"
        return "\(command) \(why): \(result.stderrText)\(result.stdoutText)"
    }
}

/// Runs a program to completion with a timeout, capturing its output.
///
/// ```swift
/// let r = try ProcessRunner.run("/usr/bin/git", ["--version"], timeout: .seconds(10))
/// #expect(r.status == 0)
/// ```
///
/// The call blocks its thread until the process ends; from async code use `runDetached`, which
/// waits on a dedicated thread. Do not use it for daemons that leave children holding the output
/// pipes open: it waits for end-of-file on both pipes.
public enum ProcessRunner {
    /// Runs `executable` (an absolute path, or a name looked up in `PATH`) with `arguments`.
    /// - Parameters:
    ///   - environment: the full environment; nil inherits this process's.
    ///   - currentDirectory: the working directory; nil inherits.
    ///   - input: bytes written to standard input, which is then closed.
    ///   - timeout: after this the process gets SIGTERM, then SIGKILL two seconds later.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: String? = nil, input: Data? = nil, timeout: Duration = .seconds(60)
    ) throws -> ProcessResult {
        // Spawn, not Foundation's Process: see Sources/Spawn/Spawn.swift for why.
        let result = try Spawn.run(
            try resolve(executable), arguments, environment: environment, currentDirectory: currentDirectory,
            input: input.map { [UInt8]($0) } ?? [], timeout: timeout)
        return ProcessResult(
            status: result.status, stdout: Data(result.stdout), stderr: Data(result.stderr), timedOut: result.timedOut)
    }

    /// Like `run`, but throws `ProcessFailure` unless the process exits with status 0.
    @discardableResult
    public static func check(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: String? = nil, input: Data? = nil, timeout: Duration = .seconds(60)
    ) throws -> ProcessResult {
        let result = try run(
            executable, arguments, environment: environment, currentDirectory: currentDirectory, input: input,
            timeout: timeout)
        guard result.status == 0, !result.timedOut else {
            throw ProcessFailure(command: ([executable] + arguments).joined(separator: " "), result: result)
        }
        return result
    }

    /// `run` on a dedicated thread, so that waiting does not hold a thread of Swift's
    /// cooperative pool.
    public static func runDetached(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: String? = nil, input: Data? = nil, timeout: Duration = .seconds(60)
    ) async throws -> ProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result {
                        try run(
                            executable, arguments, environment: environment, currentDirectory: currentDirectory,
                            input: input, timeout: timeout)
                    })
            }.start()
        }
    }

    /// The absolute path of `name`, searching `PATH` when it has no `/`.
    public static func resolve(_ name: String) throws -> String {
        if name.contains("/") { return name }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"] {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
    }
}
