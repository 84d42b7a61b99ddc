import Foundation
import Kube
import KubeEmulator
import Manifests
import Rollout
import TestSupport
import Testing

@testable import GitOpsAgent

/// A commit held in memory: the pipeline's steps without git.
private struct FixedHead: RepositorySource {
    var sha: String
    var files: [String: String]

    func head() async throws -> RepositoryHead {
        let bytes = files.mapValues { Array($0.utf8) }
        return RepositoryHead(
            commit: Release.Commit(sha: sha, author: "Test Author", subject: "test"), files: files.keys.sorted(),
            read: { path in
                guard let b = bytes[path] else { throw AgentError(.manifests, "\(path) missing") }
                return b
            })
    }
}

extension EndToEnd {
    @Suite struct ReleasePipelineTests {
        private func pipeline(_ server: EmulatorServer, dir: TemporaryDirectory, head: FixedHead) throws
            -> ReleasePipeline
        {
            try server.writeKubeconfig(to: dir.path("cluster.kubeconfig"))
            let text = """
                repository:
                  url: git://127.0.0.1:1/unused.git
                healthTimeout: 20s
                healthPollInterval: 100ms
                clusters:
                  - name: backend
                    kubeconfig: cluster.kubeconfig
                    qps: 0
                applications:
                  - directories: services/*
                    cluster: backend
                """
            let config = try Config.parse(bytes: Array(text.utf8), path: "gitops-agent.yaml", baseDirectory: dir.root)
            return ReleasePipeline(config: config, source: head, connector: KubeConnector(), lint: .kubernetes)
        }

        private static let files: [String: String] = [
            "services/dbs/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dbs\n",
            "services/dbs/config.yaml":
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dbs-config\ndata:\n  a: \"1\"\n",
            "services/dbs/deploy.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: dbs
            spec:
              replicas: 1
              selector:
                matchLabels: {app: dbs}
              template:
                metadata:
                  labels: {app: dbs}
                spec:
                  containers:
                    - name: dbs
                      image: registry.example.org/dbs:1

            """,
        ]

        @Test func syncCreatesThenIsUnchangedAndLintBlocks() async throws {
            var options = EmulatorOptions.default
            options.rolloutStepSeconds = 0.05
            let server = try EmulatorServer(options: options)
            try server.start()
            defer { server.stop() }
            let dir = try TemporaryDirectory(prefix: "pipeline")

            let first = try await pipeline(
                server, dir: dir, head: FixedHead(sha: String(repeating: "a", count: 40), files: Self.files)
            )
            .sync()
            #expect(first.map(\.outcome) == [.changed], "\(first)")
            #expect(first[0].lines.contains("Deployment/dbs/dbs created"), "\(first)")

            server.clearRequestLog()
            let second = try await pipeline(
                server, dir: dir, head: FixedHead(sha: String(repeating: "a", count: 40), files: Self.files)
            )
            .sync()
            #expect(second.map(\.outcome) == [.unchanged], "\(second)")
            #expect(server.requestLog().filter(\.isWrite).isEmpty, "\(server.requestLog().filter(\.isWrite))")

            var broken = Self.files
            broken["services/dbs/config.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n"
            let blocked = try await pipeline(
                server, dir: dir, head: FixedHead(sha: String(repeating: "b", count: 40), files: broken)
            )
            .sync()
            #expect(blocked.map(\.outcome) == [.blocked], "\(blocked)")
            #expect(blocked[0].lines.first?.hasPrefix("services/dbs/config.yaml:5:3: error:") == true, "\(blocked)")
        }
    }
}
