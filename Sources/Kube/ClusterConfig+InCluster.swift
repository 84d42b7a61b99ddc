import Foundation

extension ClusterConfig {
    /// The service-account directory Kubernetes mounts into every pod.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The configuration of a pod talking to its own cluster, as client-go's `InClusterConfig`:
    /// server from `KUBERNETES_SERVICE_HOST`/`KUBERNETES_SERVICE_PORT`, CA from `ca.crt`, the
    /// token from `token` (re-read whenever the kubelet rotates it), the namespace from
    /// `POD_NAMESPACE` or the `namespace` file.
    ///
    /// - Parameters:
    ///   - directory: the service-account directory (tests point it elsewhere).
    ///   - environment: where the service variables are read from.
    /// - Throws: `KubeError` `.invalidConfig` when not running in a pod.
    public static func inCluster(
        directory: String = serviceAccountDirectory,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ClusterConfig {
        func fail(_ message: String) -> KubeError {
            KubeError(reason: .invalidConfig, message: message, operation: "load in-cluster config", object: directory)
        }
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw fail(
                "KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: not running in a pod;"
                    + " use a kubeconfig instead")
        }
        let tokenPath = "\(directory)/token"
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw fail("the service-account token \(tokenPath) cannot be read; is automountServiceAccountToken off?")
        }
        let caPath = "\(directory)/ca.crt"
        guard FileManager.default.isReadableFile(atPath: caPath) else {
            throw fail("the service-account CA \(caPath) cannot be read")
        }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        var namespace = "default"
        if let ns = environment["POD_NAMESPACE"], !ns.isEmpty {
            namespace = ns
        } else if let data = FileManager.default.contents(atPath: "\(directory)/namespace") {
            let text = String(decoding: data, as: UTF8.self).trimmingSpaces()
            if !text.isEmpty { namespace = text }
        }
        return ClusterConfig(
            server: "https://\(hostPart):\(port)", namespace: namespace, certificateAuthority: .file(caPath),
            credentials: .tokenFile(tokenPath), origin: "in-cluster service account \(directory)")
    }
}
