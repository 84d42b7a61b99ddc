import Foundation
import Manifests
import Testing

/// Kustomize directories and `sync --dry-run`, through the agent binary.
extension EndToEnd {
    @Suite struct KustomizeAndDryRunTests {
        @Test func aKustomizationDirectoryIsBuiltWithKubectl() async throws {
            let harness = try AgentHarness()
            let dir = "kubernetes/cmsweb/services/couchdb"
            var files = SampleManifests.serviceFiles("couchdb", image: "registry.example.org/couchdb:3.3")
            files["\(dir)/kustomization.yaml"] = """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                labels:
                  - pairs:
                      tier: database
                resources: [namespace.yaml, configmap.yaml, service.yaml, deployment.yaml]

                """
            try harness.commit("couchdb with kustomize", files)
            let run = try await harness.sync("--app", "couchdb")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("couchdb: revision 1 Succeeded"), "\(run)")
            let client = try harness.client(harness.backend)
            let service = try #require(
                try await client.get(
                    .init(group: "", version: "v1", kind: "Service", namespace: "couchdb", name: "couchdb")))
            #expect(service[path: ["metadata", "labels", "tier"]]?.stringValue == "database")
        }

        @Test func aBrokenKustomizationIsAnErrorNamingKubectlsMessage() async throws {
            let harness = try AgentHarness()
            var files = SampleManifests.serviceFiles("couchdb", image: "registry.example.org/couchdb:3.3")
            files["kubernetes/cmsweb/services/couchdb/kustomization.yaml"] = "resources: [missing.yaml]\n"
            try harness.commit("broken kustomization", files)
            let run = try await harness.sync("--app", "couchdb")
            #expect(run.status == 2, "\(run)")
            #expect(run.stdout.contains("couchdb: error: building with kustomize failed"), "\(run)")
            #expect(run.stdout.contains("missing.yaml"), "\(run)")
            #expect(!run.stdout.contains("gitops-agent-kustomize-"), "scratch paths stay out of messages: \(run)")
        }

        @Test func aDiffOfASecretShowsWhichKeyChangedButNoValue() async throws {
            let harness = try AgentHarness()
            let secret = { (value: String) in
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: frontend-cert\ntype: Opaque\ndata:\n  password: \(value)\n"
            }
            var files = SampleManifests.frontendFiles()
            files["kubernetes/cmsweb/frontend/secret.yaml"] = secret("b2xkLXNlY3JldA==")
            try harness.commit("frontend", files)
            #expect(try await harness.sync().status == 0)
            try harness.commit("rotate", ["kubernetes/cmsweb/frontend/secret.yaml": secret("bmV3LXNlY3JldA==")])
            let diff = try await harness.diff("--app", "frontend")
            #expect(diff.status == 1, "\(diff)")
            #expect(
                diff.stdout.contains("-  password: '*** (old)'") || diff.stdout.contains("-  password: \"*** (old)\""),
                "\(diff)")
            #expect(!diff.stdout.contains("b2xkLXNlY3JldA") && !diff.stdout.contains("bmV3LXNlY3JldA"), "\(diff)")
            #expect(diff.stdout.contains("frontend: 1 to update"), "\(diff)")
        }

        @Test func aDryRunShowsTheActionsAndWritesNothing() async throws {
            let harness = try AgentHarness()
            try harness.commit("frontend", SampleManifests.frontendFiles())
            harness.clearLogs()
            let run = try await harness.sync("--dry-run")
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("Deployment/frontend/frontend would be created"), "\(run)")
            #expect(run.stdout.contains("frontend: dry run at "), "\(run)")
            #expect(harness.writes(harness.frontend).isEmpty, "\(harness.writes(harness.frontend))")
            #expect(try await harness.history("frontend").isEmpty)
        }
    }
}
