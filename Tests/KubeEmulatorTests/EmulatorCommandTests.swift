import Foundation
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

        // Files, not pipes: a child started by a parallel test could inherit a pipe's write end.
        let outputPath = dir.appendingPathComponent("server.out").path
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Self.executable)
        server.arguments = ["--listen", "127.0.0.1:0", "--kubeconfig-out", kubeconfig, "--token", "t0ken"]
        server.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            for _ in 0..<100 where server.isRunning { Thread.sleep(forTimeInterval: 0.05) }
            if server.isRunning { kill(server.processIdentifier, SIGKILL) }
            server.waitUntilExit()
        }
        var line = ""
        for _ in 0..<200 where !line.contains("\n") {
            Thread.sleep(forTimeInterval: 0.05)
            line = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        }
        #expect(line.hasPrefix("kube-emulator listening on https://127.0.0.1:"), "\(line)")
        let config = try String(contentsOfFile: kubeconfig, encoding: .utf8)
        #expect(config.contains("    token: t0ken\n"))
        #expect(config.contains("certificate-authority-data: "))

        let kubectl = Process()
        kubectl.executableURL = URL(fileURLWithPath: KubectlHarness.kubectl)
        kubectl.arguments = ["--kubeconfig", kubeconfig, "get", "ns", "default", "-o", "name"]
        kubectl.environment = ["HOME": dir.appendingPathComponent("home").path, "PATH": "/usr/bin:/bin"]
        let shownPath = dir.appendingPathComponent("kubectl.out").path
        _ = FileManager.default.createFile(atPath: shownPath, contents: nil)
        kubectl.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: shownPath))
        kubectl.standardError = FileHandle.nullDevice
        try kubectl.run()
        kubectl.waitUntilExit()
        let shown = try String(contentsOfFile: shownPath, encoding: .utf8)
        #expect(shown == "namespace/default\n")
    }

    @Test func rejectsUnknownArguments() throws {
        let errorsPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "emulator-cmd-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorsPath.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsPath) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.executable)
        p.arguments = ["--bogus"]
        p.standardError = try FileHandle(forWritingTo: errorsPath)
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let text = try String(contentsOf: errorsPath, encoding: .utf8)
        #expect(p.terminationStatus == 2)
        #expect(text.hasPrefix("kube-emulator: unknown argument --bogus\nusage: kube-emulator"), "\(text)")
    }
}
