import Kube
import Manifests
import Testing

/// What goes on the wire besides the body: user agent, impersonation, content types, and no
/// credentials over plain HTTP.
@Suite struct RequestHeadersTests {
    @Test func headersOfAnApply() async throws {
        let server = try ScriptedHTTPServer(
            script: TransportRetryTests.script { _, _ in .respond(status: 200, body: TransportRetryTests.object) })
        defer { server.stop() }
        var config = ClusterConfig(server: server.url, credentials: .token("s3cr3t"))
        config.impersonateUser = "alice"
        config.impersonateGroups = ["devs", "ops"]
        var options = ClientOptions.default
        options.userAgent = "sync-test/1.0"
        let client = try KubeClient(config: config, options: options)
        try await client.apply(
            try Value(json: TransportRetryTests.object), fieldManager: "gitops-agent", force: true, dryRun: true)
        let patch = try #require(server.requests.first { $0.method == "PATCH" })
        #expect(
            patch.path == "/api/v1/namespaces/default/configmaps/demo?fieldManager=gitops-agent&force=true&dryRun=All")
        #expect(patch.headers.contains("User-Agent: sync-test/1.0"))
        #expect(patch.headers.contains("Accept: application/json"))
        #expect(patch.headers.contains("Content-Type: application/apply-patch+yaml"))
        #expect(patch.headers.contains("Impersonate-User: alice"))
        #expect(
            patch.headers.filter { $0.hasPrefix("Impersonate-Group: ") } == [
                "Impersonate-Group: devs", "Impersonate-Group: ops",
            ])
        // As client-go: credentials only over TLS.
        #expect(!server.requests.contains { $0.headers.contains { $0.lowercased().hasPrefix("authorization:") } })
        #expect(!config.description.contains("s3cr3t"))
        #expect(patch.headers.contains { $0.hasPrefix("Accept-Encoding: ") && $0.contains("gzip") })
    }

    @Test func requestsGoThroughTheConfiguredProxy() async throws {
        // A forward proxy receives absolute URLs; the scripted server plays the proxy here.
        let target = "http://cluster.invalid:6443"
        let proxy = try ScriptedHTTPServer(script: { request, index in
            guard request.path.hasPrefix(target) else { return .respond(status: 502, body: "not proxied") }
            var forwarded = request
            forwarded.path = String(request.path.dropFirst(target.count))
            return TransportRetryTests.script { _, _ in .respond(status: 200, body: TransportRetryTests.object) }(
                forwarded, index)
        })
        defer { proxy.stop() }
        let config = ClusterConfig(server: target, proxyURL: proxy.url, disableCompression: true)
        let live = try await KubeClient(config: config).get(TransportRetryTests.configMap)
        #expect(live[path: ["metadata", "name"]] == "demo")
        #expect(proxy.requests.map(\.path).last == "\(target)/api/v1/namespaces/default/configmaps/demo")
        #expect(!proxy.requests.contains { $0.headers.contains { $0.hasPrefix("Accept-Encoding") } })
    }
}
