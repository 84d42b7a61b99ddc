import Foundation
import Kube
import KubeEmulator
import Manifests
import Rollout
import TestSupport

/// Everything one end-to-end test needs, on loopback: a manifest repository served by git
/// daemon, two emulated clusters ("frontend" and "backend"), and a config file pointing at
/// them. Released, it stops the servers and removes its files.
final class AgentHarness: Sendable {
    let dir: TemporaryDirectory
    let source: GitWorkTree
    let daemon: GitDaemonServer
    let frontend: EmulatorServer
    let backend: EmulatorServer
    let configPath: String

    /// - Parameters:
    ///   - applications: the `applications:` list of the config, as YAML lines.
    ///   - extraConfig: more top-level config lines.
    ///   - emulator: changes to both emulators' options.
    init(
        applications: String = AgentHarness.defaultApplications, extraConfig: String = "",
        emulator: (inout EmulatorOptions) -> Void = { _ in }
    ) throws {
        dir = try TemporaryDirectory(prefix: "gitops-agent")
        source = try GitWorkTree(at: dir.path("src"))
        try source.write("README.md", "sample\n")
        try source.commitAll("initial")
        try source.publish(to: dir.path("srv/manifests.git"))
        daemon = try GitDaemonServer(baseDirectory: dir.path("srv"))
        var options = EmulatorOptions.default
        options.rolloutStepSeconds = 0.05
        emulator(&options)
        frontend = try EmulatorServer(options: options)
        backend = try EmulatorServer(options: options)
        try frontend.start()
        try backend.start()
        try frontend.writeKubeconfig(to: dir.path("frontend.kubeconfig"), context: "frontend")
        try backend.writeKubeconfig(to: dir.path("backend.kubeconfig"), context: "backend")
        configPath = try dir.write(
            "gitops-agent.yaml",
            """
            repository:
              url: \(daemon.url("manifests.git"))
              branch: main
              cacheDirectory: cache
            healthTimeout: 20s
            healthPollInterval: 100ms
            \(extraConfig)
            clusters:
              - name: frontend
                kubeconfig: frontend.kubeconfig
              - name: backend
                kubeconfig: backend.kubeconfig
            applications:
            \(applications)
            """)
    }

    deinit {
        frontend.stop()
        backend.stop()
    }

    static let defaultApplications = """
          - name: frontend
            path: kubernetes/cmsweb/frontend
            cluster: frontend
          - directories: kubernetes/cmsweb/services/*
            cluster: backend
        """

    // MARK: repository

    /// Writes files (path → contents; `nil` deletes), commits and pushes; returns the sha.
    @discardableResult
    func commit(_ message: String, _ files: [String: String?]) throws -> String {
        for (path, contents) in files {
            if let contents {
                try source.write(path, contents)
            } else {
                try FileManager.default.removeItem(atPath: "\(source.root)/\(path)")
            }
        }
        let sha = try source.commitAll(message)
        try source.push("main")
        return sha
    }

    // MARK: agent

    func agent(_ arguments: String...) async throws -> AgentBinary.Run {
        try await AgentBinary.run(arguments.map { $0 == "CONFIG" ? configPath : $0 })
    }

    func sync(_ extra: String...) async throws -> AgentBinary.Run {
        try await AgentBinary.run(["sync", "--config", configPath, "--once"] + extra)
    }

    func diff(_ extra: String...) async throws -> AgentBinary.Run {
        try await AgentBinary.run(["diff", "--config", configPath] + extra)
    }

    /// `history APP --format json`, decoded.
    func history(_ app: String) async throws -> [Value] {
        let run = try await AgentBinary.run(["history", app, "--config", configPath, "--format", "json"])
        guard run.status == 0 else { throw HarnessError("history \(app) failed: \(run)") }
        return try Value(json: run.stdout).arrayValue ?? []
    }

    // MARK: clusters

    /// The writes (not dry runs) each emulator answered since the last `clearLogs()`.
    func writes(_ server: EmulatorServer) -> [LoggedRequest] {
        server.requestLog().filter(\.isWrite)
    }

    /// A client of one emulator, for reading what the agent left there.
    func client(_ server: EmulatorServer) throws -> KubeCluster {
        let path = server === frontend ? dir.path("frontend.kubeconfig") : dir.path("backend.kubeconfig")
        return KubeCluster(try KubeClient(config: try ClusterConfig.load(kubeconfig: path)))
    }

    func clearLogs() {
        frontend.clearRequestLog()
        backend.clearRequestLog()
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
