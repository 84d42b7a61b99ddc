import Foundation
import Spawn
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
    private var running: [Process] = []

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
        for p in running where p.isRunning { p.terminate() }
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

    private func process(_ arguments: [String], kubeconfig: String? = nil, stdout: URL, stderr: URL) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: KubectlHarness.kubectl)
        p.arguments =
            ["--kubeconfig", kubeconfig ?? self.kubeconfig, "--cache-dir", dir.appendingPathComponent("cache").path]
            + arguments
        p.environment = ["HOME": dir.appendingPathComponent("home").path, "PATH": "/usr/bin:/bin", "LANG": "C"]
        p.currentDirectoryURL = dir
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: stdout)
        p.standardError = try FileHandle(forWritingTo: stderr)
        p.standardInput = FileHandle.nullDevice
        return p
    }

    /// Runs `kubectl <arguments>` to completion.
    func run(_ arguments: String..., kubeconfig: String? = nil) throws -> KubectlResult {
        try run(arguments, kubeconfig: kubeconfig)
    }

    func run(_ arguments: [String], kubeconfig: String? = nil) throws -> KubectlResult {
        // Spawn, not Foundation's Process, for the many short runs: see Sources/Spawn/Spawn.swift.
        let result = try Spawn.run(
            KubectlHarness.kubectl,
            ["--kubeconfig", kubeconfig ?? self.kubeconfig, "--cache-dir", dir.appendingPathComponent("cache").path]
                + arguments,
            environment: ["HOME": dir.appendingPathComponent("home").path, "PATH": "/usr/bin:/bin", "LANG": "C"],
            currentDirectory: dir.path, timeout: .seconds(120))
        return KubectlResult(stdout: result.stdoutText, stderr: result.stderrText, status: result.status)
    }

    /// A kubectl left running (`get -w`), read while it runs.
    final class Background {
        let process: Process
        let out: URL
        init(process: Process, out: URL) {
            self.process = process
            self.out = out
        }
        var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }

        /// Waits until stdout contains `text` (or `seconds` pass); true when it did.
        func waitFor(_ text: String, seconds: Double = 20) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if stdout.contains(text) { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return stdout.contains(text)
        }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    func start(_ arguments: String...) throws -> Background {
        let id = UUID().uuidString
        let out = dir.appendingPathComponent("\(id).out")
        let p = try process(arguments, stdout: out, stderr: dir.appendingPathComponent("\(id).err"))
        try p.run()
        running.append(p)
        return Background(process: p, out: out)
    }

    /// Requests logged since the last `clearRequestLog()`, as `METHOD path?query` lines.
    var requests: [LoggedRequest] { server.requestLog() }
}
