import Foundation
import Kube
import KubeEmulator
import Manifests

/// An emulator on loopback plus a kubeconfig for it in a temp dir; stopped when released.
final class EmulatorFixture {
    let server: EmulatorServer
    let dir: TempDirectory
    let kubeconfig: String

    init(_ configure: (inout EmulatorOptions) -> Void = { _ in }) throws {
        var options = EmulatorOptions()
        options.runsControllers = false
        configure(&options)
        server = try EmulatorServer(options: options)
        try server.start()
        dir = try TempDirectory()
        kubeconfig = "\(dir.path)/kubeconfig"
        try server.writeKubeconfig(to: kubeconfig)
    }

    deinit { server.stop() }

    var caPEM: [UInt8] { Array(server.caPEM.utf8) }

    /// A client configured from the written kubeconfig, as a user would.
    func client(_ configure: (inout ClientOptions) -> Void = { _ in }) throws -> KubeClient {
        var options = ClientOptions.default
        options.qps = 0
        options.initialBackoff = .milliseconds(5)
        configure(&options)
        return try KubeClient(
            config: try ClusterConfig.load(kubeconfig: kubeconfig, environment: [:]), options: options)
    }

    /// Requests the emulator saw whose path starts with `prefix`.
    func requests(_ method: String, _ prefix: String) -> [LoggedRequest] {
        server.requestLog().filter { $0.method == method && $0.path.hasPrefix(prefix) }
    }
}

func configMap(
    _ name: String, namespace: String = "default", data: [String: String] = [:], labels: [String: String] = [:]
)
    -> Value
{
    var metadata = ObjectValue([("name", .string(name)), ("namespace", .string(namespace))])
    if !labels.isEmpty {
        metadata["labels"] = .object(ObjectValue(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }
    return [
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata),
        "data": .object(ObjectValue(data.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
    ]
}

func deployment(_ name: String, replicas: Int, image: String = "nginx:1.27") -> Value {
    [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": ["name": .string(name), "namespace": "default"],
        "spec": [
            "replicas": .int(replicas),
            "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)]],
                "spec": ["containers": [["name": "c", "image": .string(image)]]],
            ],
        ],
    ]
}

func ref(_ object: Value) -> ObjectRef { ObjectRef(object: object)! }
