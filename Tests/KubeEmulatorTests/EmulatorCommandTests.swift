import Foundation
import Spawn
import TestSupport
import Testing

/// The `kube-emulator` executable, as a developer starts it by hand.
@Suite(.serialized) struct EmulatorCommandTests {
    /// The binary sits next to the test runner in the build directory.
    static var executable: String {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent("kube-emulator").path
    }

    @Test func servesAndWritesAKubeconfigThatKubectlUses() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("home"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kubeconfig = dir.appendingPathComponent("kubeconfig").path
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable), "build the kube-emulator product first")

        // posix_spawn (ServerProcess), not Foundation's Process: see Sources/Spawn/Spawn.swift.
        let outputPath = dir.appendingPathComponent("server.out").path
        let server = try ServerProcess(
            Self.executable, ["--listen", "127.0.0.1:0", "--kubeconfig-out", kubeconfig, "--token", "t0ken"],
            logFile: outputPath)
        defer { server.stop() }
        var line = ""
        for _ in 0..<200 where !line.contains("\n") {
            Thread.sleep(forTimeInterval: 0.05)
            line = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        }
        #expect(line.hasPrefix("kube-emulator listening on https://127.0.0.1:"), "\(line)")
        let config = try String(contentsOfFile: kubeconfig, encoding: .utf8)
        #expect(config.contains("    token: t0ken\n"))
        #expect(config.contains("certificate-authority-data: "))

        let shown = try Spawn.run(
            KubectlHarness.kubectl, ["--kubeconfig", kubeconfig, "get", "ns", "default", "-o", "name"],
            environment: ["HOME": dir.appendingPathComponent("home").path, "PATH": "/usr/bin:/bin"],
            timeout: .seconds(60))
        #expect(shown.stdoutText == "namespace/default\n", "\(shown.stderrText)")
    }

    @Test func rejectsUnknownArguments() throws {
        let result = try Spawn.run(Self.executable, ["--bogus"], timeout: .seconds(30))
        #expect(result.status == 2)
        #expect(
            result.stderrText.hasPrefix("kube-emulator: unknown argument --bogus\nusage: kube-emulator"),
            "\(result.stderrText)")
    }
}
