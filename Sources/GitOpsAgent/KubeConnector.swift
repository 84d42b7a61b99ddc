import Kube
import Rollout

/// One Kube client per configured cluster, made on first use and shared by the applications
/// on that cluster.
actor KubeConnector: ClusterConnector {
    private var clients: [String: CountingCluster] = [:]

    func client(for cluster: Config.Cluster) throws -> any ClusterClient {
        if let client = clients[cluster.name] { return client }
        let config: ClusterConfig
        if cluster.inCluster {
            config = try ClusterConfig.inCluster()
        } else {
            config = try ClusterConfig.load(kubeconfig: cluster.kubeconfig, context: cluster.context)
        }
        var options = ClientOptions.default
        if let qps = cluster.qps { options.qps = Double(qps) }
        if let burst = cluster.burst { options.burst = burst }
        if let timeout = cluster.timeout { options.timeout = timeout }
        let client = CountingCluster(name: cluster.name, kube: try KubeClient(config: config, options: options))
        clients[cluster.name] = client
        return client
    }

    /// One line per cluster used so far: requests, writes, retries.
    func stats() -> [String] {
        clients.keys.sorted().compactMap { clients[$0]?.statsLine }
    }
}
