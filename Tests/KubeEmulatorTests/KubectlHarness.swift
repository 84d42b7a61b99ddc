import Foundation
import Spawn
import TestSupport
import Testing

@testable import KubeEmulator

/// The output of one kubectl run.
struct KubectlResult: CustomStringConvertible {
    var stdout: String
    var stderr: String
    var status: Int32

    var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    /// stdout split into lines, without the trailing empty one.
    var lines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }
}

/// An in-process emulator plus a private HOME, cache dir and kubeconfig, driving the real
/// `/usr/bin/kubectl` one process per step.
final class KubectlHarness {
    static let kubectl = "/usr/bin/kubectl"
    let server: EmulatorServer
    let dir: URL
    let kubeconfig: String
    private var running: [ServerProcess] = []

    init(_ options: EmulatorOptions = .default) throws {
        var options = options
        options.rolloutStepSeconds = min(options.rolloutStepSeconds, 0.05)
        server = try EmulatorServer(options: options)
        try server.start()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kubectl-fidelity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("home"), withIntermediateDirectories: true)
        kubeconfig = dir.appendingPathComponent("kubeconfig").path
        try server.writeKubeconfig(to: kubeconfig, context: "emulator")
    }

    deinit {
        for p in running { p.stop() }
        server.stop()
        try? FileManager.default.removeItem(at: dir)
    }

    /// Writes a manifest into the test's directory (kubectl's working directory) and returns
    /// its name, so that messages quote it as users see it (`error when creating "cm.yaml"`).
    @discardableResult
    func file(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: dir.appendingPathComponent(name).path, atomically: true, encoding: .utf8)
        return name
    }

    /// kubectl's arguments and environment for this harness.
    private func invocation(_ arguments: [String], kubeconfig: String?) -> ([String], [String: String]) {
        (
            ["--kubeconfig", kubeconfig ?? self.kubeconfig, "--cache-dir", dir.appendingPathComponent("cache").path]
                + arguments,
            ["HOME": dir.appendingPathComponent("home").path, "PATH": "/usr/bin:/bin", "LANG": "C"]
        )
    }

    /// Runs `kubectl <arguments>` to completion.
    func run(_ arguments: String..., kubeconfig: String? = nil) throws -> KubectlResult {
        try run(arguments, kubeconfig: kubeconfig)
    }

    func run(_ arguments: [String], kubeconfig: String? = nil) throws -> KubectlResult {
        // Spawn, not Foundation's Process, for the many short runs: see Sources/Spawn/Spawn.swift.
        let (arguments, environment) = invocation(arguments, kubeconfig: kubeconfig)
        let result = try Spawn.run(
            KubectlHarness.kubectl, arguments, environment: environment, currentDirectory: dir.path,
            timeout: .seconds(120))
        return KubectlResult(stdout: result.stdoutText, stderr: result.stderrText, status: result.status)
    }

    /// A kubectl left running (`get -w`), read while it runs; its output and errors go to one log.
    final class Background {
        let process: ServerProcess
        init(process: ServerProcess) { self.process = process }
        var stdout: String { process.log() }

        /// Waits until the output contains `text` (or `seconds` pass); true when it did.
        func waitFor(_ text: String, seconds: Double = 20) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if stdout.contains(text) { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return stdout.contains(text)
        }

        /// Waits until kubectl exits by itself (or `seconds` pass); true when it did.
        @discardableResult
        func waitForExit(seconds: Double = 30) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            return !process.isRunning
        }

        func stop() { process.stop() }
    }

    func start(_ arguments: String...) throws -> Background {
        let (arguments, environment) = invocation(arguments, kubeconfig: nil)
        let log = dir.appendingPathComponent("\(UUID().uuidString).log").path
        let p = try ServerProcess(KubectlHarness.kubectl, arguments, environment: environment, logFile: log)
        running.append(p)
        return Background(process: p)
    }

    /// Requests logged since the last `clearRequestLog()`, as `METHOD path?query` lines.
    var requests: [LoggedRequest] { server.requestLog() }
}
