import Foundation
import Kube
import Testing

/// Reading kubeconfig files: contexts, merging of `$KUBECONFIG`, paths, credentials, errors.
@Suite struct KubeconfigTests {
    static let base = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev-cluster
          cluster:
            server: https://10.0.0.1:6443
            certificate-authority: ca.crt
            tls-server-name: kubernetes.default
        - name: prod-cluster
          cluster:
            server: https://prod.example:443
            certificate-authority-data: \(Data("PEM-TEXT".utf8).base64EncodedString())
        - name: lab-cluster
          cluster:
            server: https://lab.example:6443
            insecure-skip-tls-verify: true
            proxy-url: http://proxy.lab:3128
            disable-compression: true
        users:
        - name: dev-user
          user:
            token: dev-token
        - name: prod-user
          user:
            tokenFile: secrets/token
        - name: exec-user
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: ./bin/get-token
              args: ["--cluster", "prod"]
              env:
              - name: REGION
                value: eu
              interactiveMode: Never
        - name: gcp-user
          user:
            auth-provider:
              name: gcp
        contexts:
        - name: dev
          context: {cluster: dev-cluster, user: dev-user, namespace: team-a}
        - name: prod
          context: {cluster: prod-cluster, user: prod-user}
        - name: exec
          context: {cluster: prod-cluster, user: exec-user}
        - name: gcp
          context: {cluster: prod-cluster, user: gcp-user}
        - name: lost
          context: {cluster: nowhere, user: dev-user}
        - name: lab
          context: {cluster: lab-cluster, user: dev-user}
        """

    /// A second file: its `dev-cluster` and `current-context` lose against the first file's.
    static let second = """
        current-context: extra
        clusters:
        - name: dev-cluster
          cluster: {server: https://ignored:1}
        - name: extra-cluster
          cluster: {server: https://extra:6443}
        users:
        - name: extra-user
          user: {username: alice, password: pw}
        contexts:
        - name: extra
          context: {cluster: extra-cluster, user: extra-user, namespace: x}
        """

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var context: String?
        var server: String
        var namespace: String
        var credentials: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "current-context", context: nil, server: "https://10.0.0.1:6443", namespace: "team-a",
            credentials: "token"),
        Case(
            name: "explicit context", context: "prod", server: "https://prod.example:443", namespace: "default",
            credentials: "tokenFile <dir>/secrets/token"),
        Case(
            name: "exec plugin", context: "exec", server: "https://prod.example:443", namespace: "default",
            credentials: "exec <dir>/bin/get-token"),
    ]

    @Test(arguments: cases) func readsContext(_ c: Case) throws {
        let dir = try TempDirectory()
        let file = try dir.write("config", Self.base)
        try dir.write("ca.crt", "CA")
        let config = try ClusterConfig.load(kubeconfig: file, context: c.context, environment: [:])
        #expect(config.server == c.server)
        #expect(config.namespace == c.namespace)
        #expect(config.credentials.description == c.credentials.replacingOccurrences(of: "<dir>", with: dir.path))
        #expect(!config.description.contains("dev-token"))
    }

    @Test func resolvesPathsAndDecodesData() throws {
        let dir = try TempDirectory()
        let file = try dir.write("config", Self.base)
        try dir.write("ca.crt", "CA")
        let dev = try ClusterConfig.load(kubeconfig: file, environment: [:])
        #expect(dev.certificateAuthority == .file("\(dir.path)/ca.crt"))
        #expect(dev.tlsServerName == "kubernetes.default")
        #expect(dev.insecureSkipTLSVerify == false)
        let prod = try ClusterConfig.load(kubeconfig: file, context: "prod", environment: [:])
        #expect(prod.certificateAuthority == .data(Array("PEM-TEXT".utf8)))
        #expect(prod.insecureSkipTLSVerify == false)
        let lab = try ClusterConfig.load(kubeconfig: file, context: "lab", environment: [:])
        #expect(lab.insecureSkipTLSVerify == true)
        #expect(lab.certificateAuthority == nil)
        #expect(lab.proxyURL == "http://proxy.lab:3128")
        #expect(lab.disableCompression)
        #expect(!dev.disableCompression)
        #expect(dev.proxyURL == nil)
        let exec = try ClusterConfig.load(kubeconfig: file, context: "exec", environment: [:])
        guard case .exec(let plugin) = exec.credentials else {
            Issue.record("expected exec credentials")
            return
        }
        #expect(plugin.args == ["--cluster", "prod"])
        #expect(plugin.env.map(\.name) == ["REGION"])
        #expect(plugin.env.map(\.value) == ["eu"])
    }

    @Test func mergesKubeconfigListFirstFileWins() throws {
        let dir = try TempDirectory()
        let first = try dir.write("a/config", Self.base)
        try dir.write("a/ca.crt", "CA")
        let second = try dir.write("b/config", Self.second)
        let env = ["KUBECONFIG": "\(dir.path)/missing:\(first):\(second)"]
        let current = try ClusterConfig.load(environment: env)
        #expect(current.server == "https://10.0.0.1:6443")
        let extra = try ClusterConfig.load(context: "extra", environment: env)
        #expect(extra.server == "https://extra:6443")
        #expect(extra.namespace == "x")
        #expect(extra.credentials.description == "basic alice")
        // Reversed order: the second file's current-context and cluster entry win.
        let reversed = try ClusterConfig.load(environment: ["KUBECONFIG": "\(second):\(first)"])
        #expect(reversed.server == "https://extra:6443")
        let dev = try ClusterConfig.load(context: "dev", environment: ["KUBECONFIG": "\(second):\(first)"])
        #expect(dev.server == "https://ignored:1")
    }

    struct Failure: Sendable, CustomStringConvertible {
        var context: String?
        var message: String
        var description: String { context ?? "current" }
    }

    static let failures: [Failure] = [
        Failure(
            context: "nope", message: "context \"nope\" is not in the kubeconfig (contexts: dev, exec, gcp, lab, lost"),
        Failure(context: "lost", message: "names cluster \"nowhere\", which is not in the kubeconfig"),
        Failure(context: "gcp", message: "uses auth-provider \"gcp\", which is not supported; use an exec plugin"),
    ]

    @Test(arguments: failures) func reportsBadEntries(_ f: Failure) throws {
        let dir = try TempDirectory()
        let file = try dir.write("config", Self.base)
        try dir.write("ca.crt", "CA")
        let error = #expect(throws: KubeError.self) {
            try ClusterConfig.load(kubeconfig: file, context: f.context, environment: [:])
        }
        #expect(error?.reason == .invalidConfig)
        #expect(error?.description.contains(f.message) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains(file) == true)
    }

    @Test func missingFileAndMissingCAAreReported() throws {
        let dir = try TempDirectory()
        let missing = #expect(throws: KubeError.self) {
            try ClusterConfig.load(kubeconfig: "\(dir.path)/none", environment: [:])
        }
        #expect(missing?.description.contains("cannot read the kubeconfig file \(dir.path)/none") == true)
        let file = try dir.write("config", Self.base)
        let noCA = #expect(throws: KubeError.self) { try ClusterConfig.load(kubeconfig: file, environment: [:]) }
        #expect(noCA?.description.contains("certificate-authority \(dir.path)/ca.crt cannot be read") == true)
    }

    @Test func inClusterReadsServiceAccountDirectory() throws {
        let dir = try TempDirectory()
        try dir.write("sa/token", "t0\n")
        try dir.write("sa/ca.crt", "CA")
        try dir.write("sa/namespace", "gitops-agent\n")
        let env = ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"]
        let config = try ClusterConfig.inCluster(directory: "\(dir.path)/sa", environment: env)
        #expect(config.server == "https://[fd00::1]:443")
        #expect(config.namespace == "gitops-agent")
        #expect(config.certificateAuthority == .file("\(dir.path)/sa/ca.crt"))
        #expect(config.credentials.description == "tokenFile \(dir.path)/sa/token")
        let podNamespace = try ClusterConfig.inCluster(
            directory: "\(dir.path)/sa", environment: env.merging(["POD_NAMESPACE": "other"]) { a, _ in a })
        #expect(podNamespace.namespace == "other")
        let outside = #expect(throws: KubeError.self) {
            try ClusterConfig.inCluster(directory: "\(dir.path)/sa", environment: [:])
        }
        #expect(outside?.description.contains("not running in a pod") == true)
    }
}
