import Foundation
import Kube
import KubeEmulator
import Manifests
import Rollout

/// A Kubernetes emulator on loopback with its controllers running, and a `KubeCluster` for
/// it configured from a kubeconfig file, as the agent would be. Stopped when released.
final class Emulator {
    let server: EmulatorServer
    let directory: URL
    let cluster: KubeCluster

    /// Images containing `:broken` never become available.
    init() throws {
        var options = EmulatorOptions()
        options.rolloutStepSeconds = 0.05
        options.brokenImagePattern = ":broken"
        server = try EmulatorServer(options: options)
        try server.start()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollout-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("kubeconfig").path
            try server.writeKubeconfig(to: path)
            var clientOptions = ClientOptions.default
            clientOptions.qps = 0
            clientOptions.initialBackoff = .milliseconds(5)
            cluster = KubeCluster(
                try KubeClient(
                    config: try ClusterConfig.load(kubeconfig: path, environment: [:]), options: clientOptions))
        } catch {
            server.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes the emulator saw since the last `clearLog()`, as `METHOD path`.
    var writes: [String] {
        server.requestLog().filter(\.isWrite).map { "\($0.method) \($0.path)" }
    }

    func clearLog() { server.clearRequestLog() }

    func executor(historyLimit: Int = 10) -> RolloutExecutor {
        RolloutExecutor(
            client: cluster,
            options: RolloutOptions(
                historyLimit: historyLimit, pollInterval: .milliseconds(50), healthTimeout: .seconds(60),
                definitionTimeout: .seconds(20)))
    }
}
