import Foundation
import Kube
import KubeEmulator
import Manifests
import Rollout
import Testing

/// The executor against the Kubernetes emulator over HTTPS, through `KubeClient`.
@Suite(.serialized) struct RolloutEmulatorTests {
    static let app = Application(name: "shop", namespace: "shop")

    static func commit(_ n: Int) -> Release.Commit {
        .init(sha: String(repeating: String(n), count: 40), author: "Ann <ann@example.org>", subject: "change \(n)")
    }

    static func shop() throws -> [Value] { try Fixtures.objects("apps", "shop") }

    static func without(_ kinds: Set<String>, from objects: [Value]) -> [Value] {
        objects.filter { !kinds.contains($0["kind"]?.stringValue ?? "") }
    }

    static func deploymentIndex(_ objects: [Value]) -> Int { objects.firstIndex { $0["kind"] == "Deployment" }! }

    @Test func firstSyncCreatesInOrderThenASecondSyncWritesNothing() async throws {
        let emulator = try Emulator()
        let executor = emulator.executor()
        let first = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commit(1))
        #expect(first.succeeded, "\(first)")
        #expect(first.count(.created) == 12)
        let record = "PATCH /api/v1/namespaces/gitops-agent/configmaps/shop.r1"
        #expect(
            emulator.writes == [
                "PATCH /api/v1/namespaces/gitops-agent",
                record,
                "PATCH /api/v1/namespaces/shop",
                "PATCH /apis/batch/v1/namespaces/shop/jobs/migrate",
                "PATCH /apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com",
                "PATCH /apis/rbac.authorization.k8s.io/v1/clusterroles/shop-reader",
                "PATCH /api/v1/namespaces/shop/serviceaccounts/web",
                "PATCH /api/v1/namespaces/shop/secrets/creds",
                "PATCH /api/v1/namespaces/shop/configmaps/settings",
                "PATCH /api/v1/namespaces/shop/persistentvolumeclaims/data",
                "PATCH /api/v1/namespaces/shop/services/web",
                "PATCH /apis/apps/v1/namespaces/shop/deployments/web",
                "PATCH /apis/example.com/v1/namespaces/shop/widgets/gadget",
                "PATCH /apis/networking.k8s.io/v1/namespaces/shop/ingresses/web",
                record,
            ])
        let deployment = try #require(
            try await emulator.cluster.get(
                ObjectRef(group: "apps", version: "v1", kind: "Deployment", namespace: "shop", name: "web")))
        #expect(Health.check(deployment).status == .healthy)
        #expect(deployment[path: ["metadata", "labels", "app.kubernetes.io/managed-by"]] == "gitops-agent")
        #expect(deployment[path: ["metadata", "annotations", "gitops-agent.io/app"]] == "shop")

        emulator.clearLog()
        let second = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commit(1))
        #expect(emulator.writes == [])
        #expect(second.release == nil)
        #expect(second.count(.unchanged) == 12, "\(second)")
        let history = try await executor.history(of: "shop")
        #expect(history.releases.map(\.result) == [.succeeded])
        #expect(history.latest?.inventory.count == 12)

        // A new commit that changes none of the objects writes nothing either: the record's
        // inventory, read back from the server, matches the plan's.
        let third = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commit(2))
        #expect(emulator.writes == [])
        #expect(third.release == nil)
        #expect(third.summary == "shop: up to date (revision 1 at 1111111): 12 unchanged")
    }

    @Test func changedDeploymentIsTheOnlyObjectWritten() async throws {
        let emulator = try Emulator()
        let executor = emulator.executor()
        var objects = try Self.shop()
        _ = try await executor.sync(Self.app, objects: objects, commit: Self.commit(1))
        let index = Self.deploymentIndex(objects)
        objects[index]["spec"]?["template"]?["spec"]?["containers"] = [["name": "web", "image": "nginx:1.27"]]

        let plan = try await executor.plan(Self.app, objects: objects)
        #expect(plan.entries.filter(\.writes).map(\.ref.description) == ["Deployment/shop/web"])
        #expect(
            plan.entries.first { $0.writes }?.diff.changes.map(\.description) == [
                "spec.template.spec.containers[name=web].image: nginx:1.25 → nginx:1.27"
            ])

        emulator.clearLog()
        let result = try await executor.sync(Self.app, objects: objects, commit: Self.commit(2))
        #expect(result.succeeded, "\(result)")
        #expect(
            emulator.writes == [
                "PATCH /api/v1/namespaces/gitops-agent/configmaps/shop.r2",
                "PATCH /apis/apps/v1/namespaces/shop/deployments/web",
                "PATCH /api/v1/namespaces/gitops-agent/configmaps/shop.r2",
            ])
        #expect(
            result.entries.filter { $0.action != .unchanged }.map(\.description) == ["Deployment/shop/web configured"])
    }

    @Test func removedObjectIsPrunedWhileNamespaceAndClaimAreKept() async throws {
        let emulator = try Emulator()
        let executor = emulator.executor()
        let objects = try Self.shop()
        _ = try await executor.sync(Self.app, objects: objects, commit: Self.commit(1))
        emulator.clearLog()
        let result = try await executor.sync(
            Self.app, objects: Self.without(["Ingress", "PersistentVolumeClaim", "Namespace"], from: objects),
            commit: Self.commit(2))
        #expect(result.succeeded, "\(result)")
        #expect(
            emulator.writes.filter { $0.hasPrefix("DELETE") } == [
                "DELETE /apis/networking.k8s.io/v1/namespaces/shop/ingresses/web"
            ])
        #expect(
            result.entries.filter { $0.action != .unchanged }.map { "\($0.ref) \($0.action.rawValue)" } == [
                "Ingress/shop/web pruned", "PersistentVolumeClaim/shop/data skipped", "Namespace/shop skipped",
            ])
        let ingress = ObjectRef(
            group: "networking.k8s.io", version: "v1", kind: "Ingress", namespace: "shop", name: "web")
        #expect(try await emulator.cluster.get(ingress) == nil)
        let claim = ObjectRef(group: "", version: "v1", kind: "PersistentVolumeClaim", namespace: "shop", name: "data")
        #expect(try await emulator.cluster.get(claim) != nil)
    }

    @Test func brokenImageGivesAFailedRecord() async throws {
        let emulator = try Emulator()
        let executor = emulator.executor()
        var objects = try Self.shop()
        _ = try await executor.sync(Self.app, objects: objects, commit: Self.commit(1))
        let index = Self.deploymentIndex(objects)
        objects[index]["spec"]?["progressDeadlineSeconds"] = 1
        objects[index]["spec"]?["template"]?["spec"]?["containers"] = [["name": "web", "image": "nginx:broken"]]
        let result = try await executor.sync(Self.app, objects: objects, commit: Self.commit(2))
        #expect(!result.succeeded)
        let release = try #require(result.release)
        #expect(release.result == .failed)
        #expect(release.message.hasPrefix("Deployment/shop/web "), "\(release.message)")
        #expect(release.message.contains("progress deadline"), "\(release.message)")
        let recorded = try await executor.history(of: "shop")
        #expect(recorded.releases.map(\.result) == [.succeeded, .failed])
        #expect(recorded.latest?.errors == [release.message])
        #expect(recorded.latest?.actions.first { $0.ref.kind == "Deployment" }?.action == .failed)

        // Polling the broken commit again writes nothing and keeps the one Failed record.
        emulator.clearLog()
        let again = try await executor.sync(Self.app, objects: objects, commit: Self.commit(2))
        #expect(emulator.writes == [])
        #expect(again.release == nil)
        #expect(again.errors.first?.ref?.name == "web")
        #expect(try await executor.history(of: "shop").releases.count == 2)
    }

    @Test func invalidObjectFailsWithTheServersMessage() async throws {
        let emulator = try Emulator()
        let executor = emulator.executor()
        var objects = try Self.shop()
        _ = try await executor.sync(Self.app, objects: objects, commit: Self.commit(1))
        let index = Self.deploymentIndex(objects)
        // A Deployment's selector is immutable.
        objects[index]["spec"]?["selector"] = ["matchLabels": ["app": "web", "tier": "front"]]
        objects[index]["spec"]?["template"]?["metadata"] = ["labels": ["app": "web", "tier": "front"]]
        emulator.clearLog()
        let result = try await executor.sync(Self.app, objects: objects, commit: Self.commit(2))
        #expect(result.release?.result == .failed)
        let message = result.release?.message ?? ""
        #expect(
            message.hasPrefix("not applied: 1 object error: Deployment/shop/web dry-run failed: (Invalid) "),
            "\(message)")
        #expect(
            message.hasSuffix("spec.selector: Invalid value: v1.LabelSelector{…}: field is immutable"), "\(message)")
        // Only the record: the dry run caught it before any object was written.
        #expect(emulator.writes == ["PATCH /api/v1/namespaces/gitops-agent/configmaps/shop.r2"])
    }

    @Test func historyLimitKeepsTheNewestRecords() async throws {
        let emulator = try Emulator()
        let executor = emulator.executor(historyLimit: 2)
        var objects = try Self.shop()
        let index = objects.firstIndex { $0["kind"] == "ConfigMap" }!
        for n in 1...4 {
            objects[index]["data"] = ["revision": .string(String(n))]
            let result = try await executor.sync(Self.app, objects: objects, commit: Self.commit(n))
            #expect(result.succeeded, "\(result)")
        }
        let records = try await emulator.cluster.list(
            apiVersion: "v1", kind: "ConfigMap", namespace: "gitops-agent", labelSelector: "gitops-agent.io/app=shop")
        #expect(records.compactMap { $0[path: ["metadata", "name"]]?.stringValue }.sorted() == ["shop.r3", "shop.r4"])
        let history = try await executor.history(of: "shop")
        #expect(history.releases.map(\.commit.sha) == [Self.commit(3).sha, Self.commit(4).sha])
    }

    @Test func forbiddenDryRunIsRecordedWithTheServersWords() async throws {
        let emulator = try Emulator()
        let executor = emulator.executor()
        var objects = try Self.shop()
        _ = try await executor.sync(Self.app, objects: objects, commit: Self.commit(1))
        emulator.server.addFault(
            Fault(
                method: "PATCH", pathPrefix: "/apis/apps/v1/namespaces/shop/deployments",
                kind: .forbidden(verb: "patch", resource: "deployments")))
        objects[Self.deploymentIndex(objects)]["spec"]?["replicas"] = 3
        let result = try await executor.sync(Self.app, objects: objects, commit: Self.commit(2))
        let message = try #require(result.release?.message)
        #expect(
            message.hasPrefix("not applied: 1 object error: Deployment/shop/web dry-run failed: (Forbidden) "),
            "\(message)")
        #expect(message.contains("cannot patch resource"), "\(message)")
        #expect(result.release?.result == .failed)
    }

    @Test func unreachableClusterIsAnErrorNotARecord() async throws {
        let emulator = try Emulator()
        let executor = emulator.executor()
        emulator.server.stop()
        do {
            _ = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commit(1))
            Issue.record("sync against a stopped server succeeded")
        } catch let error as RolloutError {
            #expect(error.code == .history)
            #expect(
                error.description.hasPrefix("release records of shop in namespace gitops-agent could not be listed: "))
            #expect(error.description.contains("ConnectionRefused"), "\(error)")
        }
    }
}
