import Foundation
import KubeEmulator
import Manifests
import Testing

@testable import GitOpsAgent

/// The agent binary against git daemon and two emulated clusters, as a user runs it.
extension EndToEnd {
    @Suite struct SyncEndToEndTests {
        private func baseline(_ harness: AgentHarness) throws {
            var files = SampleManifests.frontendFiles()
            files.merge(SampleManifests.serviceFiles("dbs", image: "registry.example.org/dbs:5.1.0")) { a, _ in a }
            files.merge(SampleManifests.serviceFiles("reqmgr", image: "registry.example.org/reqmgr:3.2.1")) { a, _ in a
            }
            try harness.commit("cmsweb manifests", files)
        }

        @Test func firstSyncCreatesEverythingInOrderOnTwoClusters() async throws {
            let harness = try AgentHarness()
            try baseline(harness)
            let run = try await harness.sync()
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("Deployment/dbs/dbs created"), "\(run)")
            #expect(run.stdout.contains("Namespace/frontend created"), "\(run)")
            for app in ["frontend", "dbs", "reqmgr"] {
                #expect(run.stdout.contains("\(app): revision 1 Succeeded"), "\(run)")
            }
            // Applies in order: Namespace, ConfigMap, Service, Deployment, then the record.
            let applied = harness.writes(harness.backend).filter { $0.method == "PATCH" }.map(\.path)
            let dbs = applied.filter { $0.hasSuffix("/dbs") || $0.contains("/namespaces/dbs/") }
            #expect(dbs.first == "/api/v1/namespaces/dbs", "\(applied)")
            let order = ["/namespaces/dbs/configmaps/", "/namespaces/dbs/services/", "/namespaces/dbs/deployments/"].map
            {
                part in dbs.firstIndex { $0.contains(part) } ?? -1
            }
            #expect(order.allSatisfy { $0 > 0 } && order == order.sorted(), "\(dbs)")
            #expect(
                harness.writes(harness.frontend).contains {
                    $0.path.contains("/namespaces/frontend/deployments/frontend")
                })
            #expect(!harness.writes(harness.frontend).contains { $0.path.contains("/namespaces/dbs") })
            let history = try await harness.history("dbs")
            #expect(history.count == 1)
            #expect(history.first?["result"]?.stringValue == "Succeeded")
            #expect(
                history.first?.objectValue.map { Set($0.keys) }
                    == ["revision", "commit", "result", "started", "finished", "message", "trigger"])
        }

        @Test func aSecondSyncWithoutANewCommitWritesNothing() async throws {
            let harness = try AgentHarness()
            try baseline(harness)
            #expect(try await harness.sync().status == 0)
            harness.clearLogs()
            let run = try await harness.sync()
            #expect(run.status == 0, "\(run)")
            #expect(harness.writes(harness.frontend).isEmpty, "\(harness.writes(harness.frontend))")
            #expect(harness.writes(harness.backend).isEmpty, "\(harness.writes(harness.backend))")
            for app in ["frontend", "dbs", "reqmgr"] {
                #expect(run.stdout.contains("\(app): up to date (revision 1"), "\(run)")
            }
            let diff = try await harness.diff()
            #expect(diff.status == 0, "\(diff)")
            #expect(diff.stdout.contains("dbs: no differences"), "\(diff)")
        }

        @Test func aNewImageTagUpdatesOneDeploymentOnly() async throws {
            let harness = try AgentHarness()
            try baseline(harness)
            #expect(try await harness.sync().status == 0)
            try harness.commit(
                "dbs 5.2.0",
                [
                    "kubernetes/cmsweb/services/dbs/deployment.yaml": SampleManifests.deployment(
                        "dbs", image: "registry.example.org/dbs:5.2.0")
                ])
            let diff = try await harness.diff()
            #expect(diff.status == 1, "\(diff)")
            #expect(diff.stdout.contains("-          image: registry.example.org/dbs:5.1.0"), "\(diff)")
            #expect(diff.stdout.contains("+          image: registry.example.org/dbs:5.2.0"), "\(diff)")
            #expect(diff.stdout.contains("dbs: 1 to update"), "\(diff)")
            #expect(diff.stdout.contains("reqmgr: no differences"), "\(diff)")
            harness.clearLogs()
            let run = try await harness.sync()
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("Deployment/dbs/dbs configured"), "\(run)")
            #expect(run.stdout.contains("dbs: revision 2 Succeeded"), "\(run)")
            let objectWrites = harness.writes(harness.backend).filter { !$0.path.contains("/namespaces/gitops-agent/") }
            #expect(objectWrites.map(\.path) == ["/apis/apps/v1/namespaces/dbs/deployments/dbs"], "\(objectWrites)")
            // The other applications are untouched, and so is their history: no record of a
            // commit that changed none of their objects.
            let frontendWrites = harness.writes(harness.frontend).map(\.path)
            #expect(frontendWrites.isEmpty, "\(frontendWrites)")
            let reqmgrWrites = harness.writes(harness.backend).map(\.path).filter { $0.contains("reqmgr") }
            #expect(reqmgrWrites.isEmpty, "\(reqmgrWrites)")
            for app in ["frontend", "reqmgr"] {
                #expect(run.stdout.contains("\(app): up to date (revision 1 at "), "\(run)")
                #expect(try await harness.history(app).count == 1)
            }
        }

        @Test func pruneDeletesWhatLeftGitButKeepsNamespacesAndVolumes() async throws {
            let harness = try AgentHarness()
            try baseline(harness)
            try harness.commit(
                "volume", ["kubernetes/cmsweb/services/dbs/pvc.yaml": SampleManifests.persistentVolumeClaim("dbs-data")]
            )
            #expect(try await harness.sync().status == 0)
            try harness.commit(
                "drop config, volume and namespace",
                [
                    "kubernetes/cmsweb/services/dbs/configmap.yaml": nil,
                    "kubernetes/cmsweb/services/dbs/pvc.yaml": nil,
                    "kubernetes/cmsweb/services/dbs/namespace.yaml": nil,
                ])
            let run = try await harness.sync()
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("ConfigMap/dbs/dbs-config pruned"), "\(run)")
            #expect(run.stdout.contains("PersistentVolumeClaim/dbs/dbs-data skipped"), "\(run)")
            #expect(run.stdout.contains("Namespace/dbs skipped"), "\(run)")
            let client = try harness.client(harness.backend)
            #expect(
                try await client.get(
                    .init(group: "", version: "v1", kind: "ConfigMap", namespace: "dbs", name: "dbs-config")) == nil)
            #expect(
                try await client.get(
                    .init(group: "", version: "v1", kind: "PersistentVolumeClaim", namespace: "dbs", name: "dbs-data"))
                    != nil)
            #expect(
                try await client.get(.init(group: "", version: "v1", kind: "Namespace", namespace: nil, name: "dbs"))
                    != nil
            )
        }

        @Test func aLintBlockedCommitLeavesTheClusterAndTheLastGoodReleaseAlone() async throws {
            let harness = try AgentHarness()
            try baseline(harness)
            #expect(try await harness.sync().status == 0)
            let bad =
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dbs\n  name: dbs2\nspec:\n  replicas: 3\n"
            try harness.commit("broken", ["kubernetes/cmsweb/services/dbs/deployment.yaml": bad])
            harness.clearLogs()
            let run = try await harness.sync()
            #expect(run.status == 1, "\(run)")
            #expect(run.stdout.contains("kubernetes/cmsweb/services/dbs/deployment.yaml:5:3: error:"), "\(run)")
            #expect(run.stdout.contains("dbs: revision 2 Blocked"), "\(run)")
            // reqmgr's files did not change: it stays at its release, with no new record.
            #expect(run.stdout.contains("reqmgr: up to date (revision 1 at "), "\(run)")
            #expect(try await harness.history("reqmgr").count == 1)
            let objectWrites = harness.writes(harness.backend).filter { !$0.path.contains("/namespaces/gitops-agent/") }
            #expect(objectWrites.isEmpty, "\(objectWrites)")
            let history = try await harness.history("dbs")
            #expect(history.map { $0["result"]?.stringValue } == ["Blocked", "Succeeded"])
            #expect(history.first?["message"]?.stringValue?.contains("deployment.yaml:5:3") == true)
            let again = try await harness.sync()
            #expect(again.status == 1)
            #expect(try await harness.history("dbs").count == 2, "a blocked commit is recorded once")
        }

        @Test func anObjectOfAnotherApplicationIsNotTakenOver() async throws {
            let harness = try AgentHarness()
            try baseline(harness)
            #expect(try await harness.sync().status == 0)
            try harness.commit(
                "reqmgr claims dbs-config",
                [
                    "kubernetes/cmsweb/services/reqmgr/stolen.yaml": SampleManifests.configMap("dbs-config")
                        .replacingOccurrences(
                            of: "  name: dbs-config", with: "  name: dbs-config\n  namespace: dbs")
                ])
            let config = try String(contentsOfFile: harness.configPath, encoding: .utf8).replacingOccurrences(
                of: "cluster: backend", with: "cluster: backend\n    allowedNamespaces: [dbs]")
            try config.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
            let run = try await harness.sync()
            #expect(run.status == 1, "\(run)")
            #expect(run.stdout.contains("belongs to application dbs"), "\(run)")
            #expect(try await harness.history("reqmgr").first?["result"]?.stringValue == "Failed")
        }

        @Test func aDeploymentThatNeverBecomesAvailableFailsTheRelease() async throws {
            let harness = try AgentHarness(emulator: { $0.brokenImagePattern = ":broken" })
            try baseline(harness)
            #expect(try await harness.sync().status == 0)
            try harness.commit(
                "broken image",
                [
                    "kubernetes/cmsweb/services/dbs/deployment.yaml": SampleManifests.deployment(
                        "dbs", image: "registry.example.org/dbs:broken", progressDeadline: 1)
                ])
            let run = try await harness.sync()
            #expect(run.status == 1, "\(run)")
            #expect(run.stdout.contains("dbs: revision 2 Failed"), "\(run)")
            let latest = try #require(try await harness.history("dbs").first)
            #expect(latest["result"]?.stringValue == "Failed")
            #expect(latest["message"]?.stringValue?.contains("Deployment/dbs/dbs") == true, "\(latest)")
        }

        @Test func serverErrorsForAWhileAreRetried() async throws {
            let harness = try AgentHarness()
            try baseline(harness)
            harness.backend.addFault(
                Fault(
                    method: "PATCH", pathPrefix: "/apis/apps/v1/namespaces/dbs/deployments",
                    kind: .status(code: 500, reason: "InternalError", message: "etcd is busy", count: 2)))
            let run = try await harness.sync()
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("dbs: revision 1 Succeeded"), "\(run)")
            let failed = harness.backend.requestLog().filter { $0.status == 500 }
            #expect(failed.count == 2)
        }

        @Test func aForbiddenWriteIsAClearFailure() async throws {
            let harness = try AgentHarness()
            try baseline(harness)
            harness.backend.addFault(
                Fault(
                    method: "PATCH", pathPrefix: "/apis/apps/v1/namespaces/reqmgr/deployments",
                    kind: .forbidden(verb: "patch", resource: "deployments")))
            let run = try await harness.sync()
            #expect(run.status == 1, "\(run)")
            #expect(run.stdout.contains("Deployment/reqmgr/reqmgr"), "\(run)")
            #expect(run.stdout.contains("forbidden"), "\(run)")
            #expect(run.stdout.contains("dbs: revision 1 Succeeded"), "\(run)")
        }

        @Test func theHistoryLimitKeepsTheNewestRecords() async throws {
            let harness = try AgentHarness(
                applications: """
                      - name: frontend
                        path: kubernetes/cmsweb/frontend
                        cluster: frontend
                        historyLimit: 2
                    """)
            try harness.commit("frontend", SampleManifests.frontendFiles())
            for tag in ["1.1", "1.2", "1.3"] {
                #expect(try await harness.sync().status == 0)
                try harness.commit(
                    "frontend \(tag)", SampleManifests.frontendFiles(image: "registry.example.org/frontend:\(tag)"))
            }
            #expect(try await harness.sync().status == 0)
            let history = try await harness.history("frontend")
            #expect(history.compactMap { $0["revision"]?.intValue } == [4, 3])
            let table = try await harness.agent("history", "frontend", "--config", "CONFIG")
            #expect(table.stdout.hasPrefix("REVISION  COMMIT   RESULT     STARTED"), "\(table)")
            #expect(table.stdout.split(separator: "\n").count == 3, "\(table)")
        }

        @Test func anUnreachableClusterIsAnErrorAndTheOtherClusterStillSyncs() async throws {
            let harness = try AgentHarness()
            try baseline(harness)
            harness.backend.stop()
            let run = try await harness.sync()
            #expect(run.status == 2, "\(run)")
            #expect(run.stdout.contains("frontend: revision 1 Succeeded"), "\(run)")
            #expect(run.stdout.contains("dbs: error: "), "\(run)")
            #expect(run.stdout.contains("is the API server running"), "\(run)")
        }

        @Test func aBrokenConfigIsReportedWithItsPositionAndExitStatus2() async throws {
            let harness = try AgentHarness(extraConfig: "histroyNamespace: x")
            let run = try await harness.sync()
            #expect(run.status == 2, "\(run)")
            #expect(run.stderr.contains("gitops-agent.yaml:7:1: unknown key 'histroyNamespace'"), "\(run)")
            #expect(run.stderr.contains("did you mean 'historyNamespace'?"), "\(run)")
        }
    }
}
