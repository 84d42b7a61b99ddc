import Foundation
import Kube
import KubeEmulator
import Manifests
import Spawn
import Testing

/// Tokens, client certificates, CAs, exec plugins and in-cluster service accounts against the emulator.
@Suite struct AuthenticationTests {
    static let defaultNamespace = ObjectRef(
        group: "", version: "v1", kind: "Namespace", namespace: nil, name: "default")

    static func config(_ emu: EmulatorFixture, credentials: ClusterConfig.Credentials) -> ClusterConfig {
        ClusterConfig(server: emu.server.url, certificateAuthority: .data(emu.caPEM), credentials: credentials)
    }

    @Test func tokenIsAcceptedAndABadOneIsUnauthorized() async throws {
        let emu = try EmulatorFixture { $0.auth = .token("right-token") }
        let good = try emu.client()
        #expect(try await good.get(Self.defaultNamespace)[path: ["metadata", "name"]] == "default")
        let bad = try KubeClient(config: Self.config(emu, credentials: .token("wrong-token")))
        let error = await #expect(throws: KubeError.self) { try await bad.get(Self.defaultNamespace) }
        #expect(error?.reason == .unauthorized)
        #expect(error?.code == 401)
        #expect(error?.description.contains("check the token") == true)
        #expect(error?.description.contains("wrong-token") == false)
    }

    @Test func clientCertificateFromKubeconfig() async throws {
        let emu = try EmulatorFixture { $0.auth = .clientCertificate }
        let client = try emu.client()
        #expect(try await client.get(Self.defaultNamespace)[path: ["metadata", "name"]] == "default")
        let anonymous = try KubeClient(config: Self.config(emu, credentials: .none))
        await #expect(throws: KubeError.self) { try await anonymous.get(Self.defaultNamespace) }
    }

    @Test func certificatesFromFilesWork() async throws {
        let emu = try EmulatorFixture { $0.auth = .clientCertificate }
        let inline = try ClusterConfig.load(kubeconfig: emu.kubeconfig, environment: [:])
        guard case .data(let cert) = inline.clientCertificate, case .data(let key) = inline.clientKey else {
            Issue.record("the emulator's kubeconfig has no inline client certificate")
            return
        }
        let kubeconfig = try emu.dir.write(
            "files/kubeconfig",
            """
            clusters:
            - name: c
              cluster: {server: "\(emu.server.url)", certificate-authority: pki/ca.crt}
            users:
            - name: u
              user: {client-certificate: pki/client.crt, client-key: pki/client.key}
            contexts:
            - name: files
              context: {cluster: c, user: u}
            current-context: files
            """)
        try emu.dir.write("files/pki/ca.crt", emu.server.caPEM)
        try emu.dir.write("files/pki/client.crt", String(decoding: cert, as: UTF8.self))
        try emu.dir.write("files/pki/client.key", String(decoding: key, as: UTF8.self))
        let config = try ClusterConfig.load(kubeconfig: kubeconfig, environment: [:])
        #expect(config.clientCertificate == .file("\(emu.dir.path)/files/pki/client.crt"))
        let client = try KubeClient(config: config)
        #expect(try await client.get(Self.defaultNamespace)[path: ["metadata", "name"]] == "default")
    }

    @Test func wrongCAFailsVerificationUnlessSkipped() async throws {
        let emu = try EmulatorFixture { $0.auth = .token("t") }
        var config = Self.config(emu, credentials: .token("t"))
        config.certificateAuthority = .data(try Self.unrelatedCA(in: emu.dir))
        let strict = try KubeClient(config: config)
        let error = await #expect(throws: KubeError.self) { try await strict.get(Self.defaultNamespace) }
        #expect(error?.reason == .tlsVerificationFailed)
        #expect(error?.description.contains(emu.server.url) == true)
        #expect(error?.description.contains("certificate-authority") == true)
        config.insecureSkipTLSVerify = true
        let both = #expect(throws: KubeError.self) { try KubeClient(config: config) }
        #expect(both?.description.contains("both set; remove one of them") == true)
        config.certificateAuthority = nil
        let skipping = try KubeClient(config: config)
        #expect(try await skipping.get(Self.defaultNamespace)[path: ["metadata", "name"]] == "default")
    }

    /// A self-signed CA that signed nothing the emulator uses.
    static func unrelatedCA(in dir: TempDirectory) throws -> [UInt8] {
        let result = try Spawn.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=unrelated-ca", "-keyout", "\(dir.path)/other-ca.key", "-out", "\(dir.path)/other-ca.crt",
            ])
        try #require(result.status == 0, "openssl: \(result.stderrText)")
        return Array(try String(contentsOfFile: "\(dir.path)/other-ca.crt", encoding: .utf8).utf8)
    }

    @Test func tlsServerNameIsVerifiedInsteadOfTheHost() async throws {
        let emu = try EmulatorFixture { $0.auth = .token("t") }
        var config = Self.config(emu, credentials: .token("t"))
        config.tlsServerName = "localhost"
        #expect(try await KubeClient(config: config).get(Self.defaultNamespace)["kind"] == "Namespace")
        config.tlsServerName = "not-the-server.example"
        let error = await #expect(throws: KubeError.self) {
            try await KubeClient(config: config).get(Self.defaultNamespace)
        }
        #expect(error?.reason == .tlsVerificationFailed)
    }

    /// An exec plugin script: prints `$TOKEN` (or `$FIRST_TOKEN` on its first run) with `$EXPIRY`,
    /// counting its runs and saving KUBERNETES_EXEC_INFO.
    static let plugin = """
        #!/bin/sh
        dir=$(dirname "$0")
        echo run >> "$dir/runs"
        printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/exec-info"
        token="$TOKEN"
        if [ -n "$FIRST_TOKEN" ] && [ ! -e "$dir/ran-once" ]; then token="$FIRST_TOKEN"; touch "$dir/ran-once"; fi
        if [ -n "$FAIL" ]; then echo "$FAIL" >&2; exit 3; fi
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$token" "$EXPIRY"
        """

    static func execClient(_ emu: EmulatorFixture, env: [(name: String, value: String)]) throws -> (KubeClient, String)
    {
        let script = try emu.dir.write("plugin/get-token", plugin, executable: true)
        let exec = ClusterConfig.ExecConfig(command: script, args: ["--flag"], env: env)
        return (try KubeClient(config: config(emu, credentials: .exec(exec))), emu.dir.path + "/plugin")
    }

    @Test func execPluginTokenIsCachedUntilItExpires() async throws {
        let emu = try EmulatorFixture { $0.auth = .token("exec-token") }
        let (client, dir) = try Self.execClient(
            emu, env: [("TOKEN", "exec-token"), ("EXPIRY", "2099-01-01T00:00:00Z")])
        // Concurrent first requests (on several transfer threads) share one plugin run.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { _ = try await client.get(Self.defaultNamespace) } }
            try await group.waitForAll()
        }
        for _ in 0..<3 { _ = try await client.get(Self.defaultNamespace) }
        #expect(client.execPluginRuns == 1)
        let info = try String(contentsOfFile: "\(dir)/exec-info", encoding: .utf8)
        #expect(info.contains(#""apiVersion":"client.authentication.k8s.io/v1""#))
        #expect(info.contains(#""interactive":false"#))
    }

    @Test func execPluginFromAKubeconfigFile() async throws {
        let emu = try EmulatorFixture { $0.auth = .token("exec-token") }
        try emu.dir.write("plugin/get-token", Self.plugin, executable: true)
        let ca = emu.caPEM.base64()
        let kubeconfig = try emu.dir.write(
            "exec-kubeconfig",
            """
            apiVersion: v1
            kind: Config
            current-context: exec
            clusters:
            - name: emulator
              cluster:
                server: \(emu.server.url)
                certificate-authority-data: \(ca)
            users:
            - name: plugin
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./plugin/get-token
                  env:
                  - {name: TOKEN, value: exec-token}
                  - {name: EXPIRY, value: "2099-01-01T00:00:00Z"}
                  interactiveMode: Never
                  provideClusterInfo: true
            contexts:
            - name: exec
              context: {cluster: emulator, user: plugin}
            """)
        let client = try KubeClient(config: try ClusterConfig.load(kubeconfig: kubeconfig, environment: [:]))
        #expect(try await client.get(Self.defaultNamespace)[path: ["metadata", "name"]] == "default")
        #expect(client.execPluginRuns == 1)
        let info = try Value(json: try String(contentsOfFile: "\(emu.dir.path)/plugin/exec-info", encoding: .utf8))
        #expect(info[path: ["spec", "cluster", "server"]]?.stringValue == emu.server.url)
        #expect(info[path: ["spec", "cluster", "certificate-authority-data"]]?.stringValue == ca)
    }

    @Test func expiredExecTokenIsFetchedAgain() async throws {
        let emu = try EmulatorFixture { $0.auth = .token("exec-token") }
        let (client, _) = try Self.execClient(
            emu, env: [("TOKEN", "exec-token"), ("EXPIRY", "2000-01-01T00:00:00Z")])
        for _ in 0..<3 { _ = try await client.get(Self.defaultNamespace) }
        #expect(client.execPluginRuns >= 3)
    }

    @Test func unauthorizedReRunsThePluginOnce() async throws {
        let emu = try EmulatorFixture { $0.auth = .token("exec-token") }
        let (client, _) = try Self.execClient(
            emu, env: [("TOKEN", "exec-token"), ("FIRST_TOKEN", "revoked"), ("EXPIRY", "2099-01-01T00:00:00Z")])
        _ = try await client.get(Self.defaultNamespace)
        #expect(client.execPluginRuns == 2)
        #expect(client.metrics.credentialRefreshes == 1)
    }

    @Test func failingPluginReportsItsStderr() async throws {
        let emu = try EmulatorFixture { $0.auth = .token("exec-token") }
        let (client, _) = try Self.execClient(emu, env: [("FAIL", "please log in first")])
        let error = await #expect(throws: KubeError.self) { try await client.get(Self.defaultNamespace) }
        #expect(error?.reason == .credentials)
        #expect(error?.description.contains("exited with status 3: please log in first") == true)
    }

    @Test func inClusterTokenIsReadAgainWhenItRotates() async throws {
        let emu = try EmulatorFixture { $0.auth = .token("rotated-token") }
        try emu.dir.write("sa/token", "old-token")
        try emu.dir.write("sa/ca.crt", emu.server.caPEM)
        try emu.dir.write("sa/namespace", "default")
        let parts = emu.server.url.dropFirst("https://".count).split(separator: ":")
        let config = try ClusterConfig.inCluster(
            directory: "\(emu.dir.path)/sa",
            environment: ["KUBERNETES_SERVICE_HOST": String(parts[0]), "KUBERNETES_SERVICE_PORT": String(parts[1])])
        let client = try KubeClient(config: config)
        let before = await #expect(throws: KubeError.self) { try await client.get(Self.defaultNamespace) }
        #expect(before?.reason == .unauthorized)
        // The kubelet replaces the file; the next request must use the new token.
        try emu.dir.write("sa/token", "rotated-token\n")
        #expect(try await client.get(Self.defaultNamespace)[path: ["metadata", "name"]] == "default")
    }
}

extension [UInt8] {
    func base64() -> String { Data(self).base64EncodedString() }
}
