import Foundation
import Manifests
import Testing

@testable import Rollout

/// Ordering and error paths of the executor over an in-memory cluster.
@Suite struct RolloutExecutorTests {
    static let app = Application(name: "shop", namespace: "shop")
    static let commitA = Release.Commit(sha: "aaaaaaa1111111", author: "Ann", subject: "First")
    static let commitB = Release.Commit(sha: "bbbbbbb2222222", author: "Bob", subject: "Second")

    static func executor(_ cluster: InMemoryCluster, clock: TestClock = TestClock(), limit: Int = 10)
        -> RolloutExecutor
    {
        RolloutExecutor(
            client: cluster, options: RolloutOptions(historyLimit: limit, pollInterval: .seconds(5)), clock: clock)
    }

    static func shop() throws -> [Value] { try Fixtures.objects("apps", "shop") }

    static func without(_ kind: String, from objects: [Value]) -> [Value] {
        objects.filter { $0["kind"]?.stringValue != kind }
    }

    @Test func firstSyncRecordsThenCreatesInOrder() async throws {
        let cluster = InMemoryCluster()
        let result = try await Self.executor(cluster).sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(result.succeeded, "\(result)")
        #expect(
            cluster.writes == [
                "apply Namespace/gitops-agent",
                "apply ConfigMap/gitops-agent/shop.r1",
                "apply Namespace/shop",
                "apply Job/shop/migrate",
                "apply CustomResourceDefinition/widgets.example.com",
                "apply ClusterRole/shop-reader",
                "apply ServiceAccount/shop/web",
                "apply Secret/shop/creds",
                "apply ConfigMap/shop/settings",
                "apply PersistentVolumeClaim/shop/data",
                "apply Service/shop/web",
                "apply Deployment/shop/web",
                "apply Widget/shop/gadget",
                "apply Ingress/shop/web",
                "apply ConfigMap/gitops-agent/shop.r1",
            ])
        #expect(result.count(.created) == 12)
        #expect(result.release?.result == .succeeded)
        #expect(result.release?.inventory.count == 12)
        #expect(result.description.hasPrefix("Namespace/shop created\nJob/shop/migrate created\n"))
        #expect(result.summary == "shop: revision 1 Succeeded at aaaaaaa: 12 created")
        let history = try await Self.executor(cluster).history(of: "shop")
        #expect(history.releases.map(\.revision) == [1])
        #expect(history.latest?.commit == Self.commitA)
        #expect(history.latest?.message == "12 created")
    }

    @Test func dryRunsWaitingForANewNamespaceOrDefinitionAreDeferred() async throws {
        // Namespace/shop and the Widget CRD do not exist yet: the dry runs of the objects in
        // them fail and the plan defers those instead of rejecting them.
        let cluster = InMemoryCluster()
        let plan = try await Self.executor(cluster).plan(Self.app, objects: try Self.shop())
        #expect(plan.errors.isEmpty, "\(plan.errors)")
        #expect(plan.entries.filter { $0.reason != nil }.map(\.ref.kind).count == 9)
        #expect(plan.entries.allSatisfy { $0.action == .create })
        #expect(cluster.writes.isEmpty)
    }

    @Test func missingNamespaceIsOneErrorSayingWhatToDo() async throws {
        let cluster = InMemoryCluster()
        let objects: [Value] = [
            ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"]],
            ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"]],
        ]
        let plan = try await Self.executor(cluster).plan(Self.app, objects: objects)
        #expect(
            plan.errors.map(\.description) == [
                "Namespace/shop does not exist and application shop has no manifest for it; add a Namespace manifest "
                    + "to the application or create the namespace"
            ])
        #expect(!cluster.log.contains { $0.verb == "dry-run" })
    }

    @Test func dryRunRefusedIsAPlanErrorNamingTheObject() async throws {
        let cluster = InMemoryCluster(objects: [
            ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "shop"]]
        ])
        cluster.failDryRuns(
            of: "ConfigMap/shop/c", with: "ConfigMap \"c\" is invalid: data[x y]: Invalid value (Invalid)")
        let objects: [Value] = [["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"]]]
        let plan = try await Self.executor(cluster).plan(Self.app, objects: objects)
        #expect(
            plan.errors.map(\.description) == [
                "ConfigMap/shop/c dry-run failed: ConfigMap \"c\" is invalid: data[x y]: Invalid value (Invalid)"
            ])
    }

    @Test func secondSyncOfTheSameCommitWritesNothing() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        _ = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        let before = cluster.writes.count
        let again = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(cluster.writes.count == before)
        #expect(again.release == nil)
        #expect(again.count(.unchanged) == 12)
        #expect(again.summary == "shop: up to date (revision 1 at aaaaaaa): 12 unchanged")
        #expect(again.succeeded)
    }

    @Test func newCommitWithoutChangesWritesNothing() async throws {
        // A commit to another application of the same repository: this one's history keeps
        // its real releases instead of filling up with no-op records.
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        _ = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        let before = cluster.writes.count
        let result = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitB)
        #expect(Array(cluster.writes.dropFirst(before)) == [])
        #expect(result.release == nil)
        #expect(result.previous?.revision == 1)
        #expect(result.succeeded)
        #expect(result.summary == "shop: up to date (revision 1 at aaaaaaa): 12 unchanged")
        let history = try await executor.history(of: "shop")
        #expect(history.releases.map { "\($0.revision) \($0.commit.shortSHA)" } == ["1 aaaaaaa"])
    }

    @Test func firstSyncWithoutObjectsRecordsOneRelease() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        let first = try await executor.sync(Self.app, objects: [], commit: Self.commitA)
        #expect(cluster.writes == ["apply Namespace/gitops-agent", "apply ConfigMap/gitops-agent/shop.r1"])
        #expect(first.release?.result == .succeeded)
        #expect(first.release?.message == "no changes")
        #expect(first.summary == "shop: revision 1 Succeeded at aaaaaaa: no objects")
        let writes = cluster.writes.count
        let again = try await executor.sync(Self.app, objects: [], commit: Self.commitB)
        #expect(cluster.writes.count == writes)
        #expect(again.summary == "shop: up to date (revision 1 at aaaaaaa): no objects")
    }

    @Test(arguments: [Release.Result.blocked, .paused])
    func newCommitWithoutChangesAfterANonSucceededRecordRecordsSuccess(_ latest: Release.Result) async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        _ = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        _ = try await executor.record("shop", commit: Self.commitA, result: latest, message: "not applied")
        let before = cluster.writes.count
        let result = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitB)
        // No object is written, so no InProgress record either: only the finished one.
        #expect(Array(cluster.writes.dropFirst(before)) == ["apply ConfigMap/gitops-agent/shop.r3"])
        #expect(result.release?.result == .succeeded)
        #expect(result.release?.message == "no changes")
        #expect(result.release?.commit == Self.commitB)
    }

    @Test func keptObjectLeavingGitIsRecordedOnceThenNothing() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        let objects = try Self.shop()
        _ = try await executor.sync(Self.app, objects: objects, commit: Self.commitA)
        // The claim is protected from prune: no object write, but the inventory shrinks.
        let fewer = Self.without("PersistentVolumeClaim", from: objects)
        let before = cluster.writes.count
        let result = try await executor.sync(Self.app, objects: fewer, commit: Self.commitB)
        #expect(Array(cluster.writes.dropFirst(before)) == ["apply ConfigMap/gitops-agent/shop.r2"])
        #expect(result.entries.filter { $0.action == .skipped }.map(\.ref.kind) == ["PersistentVolumeClaim"])
        #expect(result.release?.inventory.count == 11)
        let writes = cluster.writes.count
        let again = try await executor.sync(
            Self.app, objects: fewer, commit: .init(sha: String(repeating: "c", count: 40)))
        #expect(cluster.writes.count == writes)
        #expect(again.release == nil)
        #expect(again.summary == "shop: up to date (revision 2 at bbbbbbb): 11 unchanged")
    }

    @Test func changedDeploymentIsConfiguredAlone() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        var objects = try Self.shop()
        _ = try await executor.sync(Self.app, objects: objects, commit: Self.commitA)
        let before = cluster.writes.count
        let index = objects.firstIndex { $0["kind"] == "Deployment" }!
        objects[index]["spec"]?["replicas"] = 5
        let plan = try await executor.plan(Self.app, objects: objects)
        #expect(plan.entries.filter(\.writes).map(\.diff.changes.description) == ["[spec.replicas: 2 → 5]"])
        let result = try await executor.sync(Self.app, objects: objects, commit: Self.commitB)
        #expect(
            Array(cluster.writes.dropFirst(before)) == [
                "apply ConfigMap/gitops-agent/shop.r2", "apply Deployment/shop/web",
                "apply ConfigMap/gitops-agent/shop.r2",
            ])
        #expect(
            result.entries.filter { $0.action != .unchanged }.map(\.description) == ["Deployment/shop/web configured"])
        #expect(result.release?.actions.count == 12)
    }

    @Test func removedObjectsArePrunedButNamespaceAndClaimAreKept() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        let objects = try Self.shop()
        _ = try await executor.sync(Self.app, objects: objects, commit: Self.commitA)
        let fewer = Self.without("PersistentVolumeClaim", from: Self.without("Ingress", from: objects))
        // Namespace leaves git too; its objects stay in the default namespace shop.
        let result = try await executor.sync(
            Self.app, objects: Self.without("Namespace", from: fewer), commit: Self.commitB)
        #expect(result.succeeded, "\(result)")
        #expect(
            result.entries.filter { $0.action != .unchanged }.map { "\($0.ref) \($0.action.rawValue)" } == [
                "Ingress/shop/web pruned", "PersistentVolumeClaim/shop/data skipped", "Namespace/shop skipped",
            ])
        #expect(cluster.writes.filter { $0.hasPrefix("delete") } == ["delete Ingress/shop/web"])
        #expect(result.release?.inventory.contains { $0.kind == "Ingress" } == false)
        // Kept objects leave the inventory: the agent no longer owns them.
        #expect(result.release?.inventory.contains { $0.kind == "PersistentVolumeClaim" } == false)
    }

    @Test func failedApplyGivesAFailedRecordNamingObjectAndServer() async throws {
        let cluster = InMemoryCluster()
        cluster.failApplies(
            of: "Service/shop/web",
            with: "Service \"web\" is invalid: spec.ports[0].port: Invalid value: 0 (Invalid)")
        let result = try await Self.executor(cluster).sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(!result.succeeded)
        #expect(result.release?.result == .failed)
        #expect(
            result.release?.message
                == "Service/shop/web apply failed: Service \"web\" is invalid: spec.ports[0].port: Invalid value: 0 (Invalid)"
        )
        #expect(
            result.entries.last?.description.hasPrefix("Service/shop/web failed: Service \"web\" is invalid") == true)
        // Nothing after the failed object was applied, and the record came first.
        #expect(!cluster.writes.contains("apply Deployment/shop/web"))
        #expect(cluster.writes[1] == "apply ConfigMap/gitops-agent/shop.r1")
        let recorded = try await Self.executor(cluster).history(of: "shop").latest
        #expect(recorded?.result == .failed)
        #expect(recorded?.errors == [result.release!.message])
        #expect(recorded?.inventory.count == 12)
    }

    @Test func degradedDeploymentFailsTheRelease() async throws {
        let cluster = InMemoryCluster()
        cluster.setController { object in
            var o = InMemoryCluster.healthyController(object)
            if o["kind"] == "Deployment" {
                o["status"]?["updatedReplicas"] = 0
                o["status"]?["conditions"] = [
                    [
                        "type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
                        "message": "ReplicaSet \"web-1\" has timed out progressing.",
                    ]
                ]
            }
            return o
        }
        let result = try await Self.executor(cluster).sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(result.release?.result == .failed)
        #expect(
            result.release?.message
                == "Deployment/shop/web is Degraded: exceeded its progress deadline: ReplicaSet \"web-1\" has timed out progressing."
        )
        #expect(result.entries.first { $0.ref.kind == "Deployment" }?.action == .failed)
    }

    @Test func workloadThatNeverBecomesReadyTimesOutAtItsProgressDeadline() async throws {
        let cluster = InMemoryCluster()
        cluster.setController { object in
            var o = InMemoryCluster.healthyController(object)
            if o["kind"] == "Deployment" { o["status"]?["availableReplicas"] = 0 }
            return o
        }
        let clock = TestClock()
        var objects = try Self.shop()
        let index = objects.firstIndex { $0["kind"] == "Deployment" }!
        objects[index]["spec"]?["progressDeadlineSeconds"] = 30
        let result = try await Self.executor(cluster, clock: clock).sync(
            Self.app, objects: objects, commit: Self.commitA)
        #expect(
            result.release?.message
                == "Deployment/shop/web not healthy after 40s (Progressing: 0 of 2 updated replicas are available)")
        // 30 s deadline + 10 s grace, polled every 5 s.
        #expect(clock.sleeps.withLock { $0 } == 8)
    }

    @Test func planErrorsAreRecordedOnceWithoutTouchingObjects() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        var objects = try Self.shop()
        objects.append(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "x", "namespace": "billing"]])
        let first = try await executor.sync(Self.app, objects: objects, commit: Self.commitA)
        #expect(cluster.writes == ["apply Namespace/gitops-agent", "apply ConfigMap/gitops-agent/shop.r1"])
        #expect(first.release?.result == .failed)
        #expect(
            first.release?.message.hasPrefix("not applied: 1 object error: ConfigMap/billing/x names namespace billing")
                == true)
        let second = try await executor.sync(Self.app, objects: objects, commit: Self.commitA)
        #expect(cluster.writes.count == 2)
        #expect(second.release == nil)
        #expect(!second.succeeded)
        #expect(
            second.summary.hasPrefix(
                "shop: still failing (revision 1 at aaaaaaa): ConfigMap/billing/x names namespace billing"))
    }

    @Test func objectOwnedByAnotherApplicationIsNotOverwritten() async throws {
        let cluster = InMemoryCluster(objects: [
            ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "shop"]],
            [
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": [
                    "name": "settings", "namespace": "shop", "annotations": [AgentMetadata.appKey: "billing"],
                ],
            ],
        ])
        let result = try await Self.executor(cluster).sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(result.release?.result == .failed)
        #expect(!cluster.writes.contains("apply ConfigMap/shop/settings"))
        #expect(
            result.entries.map(\.description) == [
                "ConfigMap/shop/settings failed: belongs to application billing (annotation gitops-agent.io/app); "
                    + "remove it from one of the two applications"
            ])
    }

    @Test func historyLimitDeletesTheOldestRecords() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster, limit: 2)
        var objects = try Self.shop()
        let index = objects.firstIndex { $0["kind"] == "ConfigMap" }!
        for n in 1...4 {
            // A real change per commit: a commit without changes writes no record.
            objects[index]["data"] = ["revision": .string(String(n))]
            let result = try await executor.sync(
                Self.app, objects: objects, commit: .init(sha: String(repeating: "\(n)", count: 40)))
            #expect(result.release?.revision == n, "\(result)")
        }
        let history = try await executor.history(of: "shop")
        #expect(history.releases.map(\.revision) == [3, 4])
        #expect(
            cluster.writes.filter { $0.hasPrefix("delete") } == [
                "delete ConfigMap/gitops-agent/shop.r1", "delete ConfigMap/gitops-agent/shop.r2",
            ])
    }

    @Test func interruptedReleaseIsClosedAsFailed() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        let stale = Release(
            application: "shop", revision: 1, commit: Self.commitA, started: Date(timeIntervalSince1970: 0),
            inventory: [])
        cluster.store(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "gitops-agent"]])
        cluster.store(stale.configMap(namespace: "gitops-agent"))
        let result = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(result.release?.revision == 2)
        let history = try await executor.history(of: "shop")
        #expect(history.releases.map(\.result) == [.failed, .succeeded])
        #expect(history.releases[0].message == "interrupted before it finished; superseded by revision 2")
    }

    @Test func customResourceWaitsForItsDefinition() async throws {
        let cluster = InMemoryCluster()
        cluster.setController { object in
            // Apply leaves the CRD unestablished; the third read finds it Established.
            guard object["kind"] == "CustomResourceDefinition" else { return InMemoryCluster.healthyController(object) }
            return object
        }
        cluster.setReadHook { object, reads in
            guard object["kind"] == "CustomResourceDefinition", reads >= 3 else { return object }
            return InMemoryCluster.healthyController(object)
        }
        let clock = TestClock()
        let result = try await Self.executor(cluster, clock: clock).sync(
            Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(result.succeeded, "\(result)")
        let log = cluster.log.map(\.description)
        let reads = log.indices.filter { log[$0] == "get CustomResourceDefinition/widgets.example.com" }
        // One read while planning (not found), three while waiting, two polls apart.
        #expect(reads.count == 4)
        #expect(log.firstIndex(of: "apply Widget/shop/gadget")! > reads.last!)
        #expect(clock.sleeps.withLock { $0 } == 2)
    }

    @Test func definitionThatNeverEstablishesFailsBeforeItsResources() async throws {
        let cluster = InMemoryCluster()
        cluster.setController { object in
            guard object["kind"] == "CustomResourceDefinition" else { return InMemoryCluster.healthyController(object) }
            return object
        }
        let result = try await Self.executor(cluster).sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(
            result.release?.message
                == "CustomResourceDefinition/widgets.example.com was not Established within 60s: waiting for the definition to be established"
        )
        #expect(!cluster.writes.contains("apply Widget/shop/gadget"))
        #expect(result.entries.last?.ref.kind == "Widget")
        #expect(result.entries.last?.action == .failed)
    }

    @Test func blockedCommitIsRecordedOnceAndKeepsTheInventory() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        _ = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        let message = "lint: 2 errors (deploy.yaml:3:1: error: wrong indentation [indentation])"
        let blocked = try await executor.record("shop", commit: Self.commitB, result: .blocked, message: message)
        #expect(blocked.revision == 2)
        #expect(blocked.inventory.count == 12)
        let writes = cluster.writes.count
        let again = try await executor.record("shop", commit: Self.commitB, result: .blocked, message: message)
        #expect(again == blocked)
        #expect(cluster.writes.count == writes)
        #expect(try await executor.history(of: "shop").latest?.result == .blocked)
    }

    @Test func planPrintsOneEntryPerObjectWithFieldChanges() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        var objects = try Self.shop()
        _ = try await executor.sync(Self.app, objects: objects, commit: Self.commitA)
        let index = objects.firstIndex { $0["kind"] == "Deployment" }!
        objects[index]["spec"]?["template"]?["spec"]?["containers"] = [["name": "web", "image": "nginx:1.27"]]
        let plan = try await executor.plan(Self.app, objects: Self.without("Ingress", from: objects))
        let lines = plan.description.split(separator: "\n").map(String.init)
        #expect(lines.contains("Deployment/shop/web update"))
        #expect(lines.contains("    spec.template.spec.containers[name=web].image: nginx:1.25 → nginx:1.27"))
        #expect(lines.contains("Ingress/shop/web prune"))
        #expect(lines.contains("Service/shop/web unchanged"))
        #expect(plan.unifiedDiff.contains("-          image: nginx:1.25\n+          image: nginx:1.27\n"))
        #expect(plan.unifiedDiff.contains("--- live/Ingress/shop/web\n+++ /dev/null\n"))
    }

    @Test func failedCommitIsRetriedUnderTheSameRevision() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        cluster.failApplies(of: "Service/shop/web", with: "etcdserver: request timed out (InternalError)")
        let failed = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(failed.release?.result == .failed)
        cluster.failApplies(of: "Service/shop/web", with: nil)
        let retried = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(retried.succeeded, "\(retried)")
        #expect(retried.release?.revision == 1)
        #expect(retried.release?.trigger == .retry)
        #expect(retried.count(.created) == 4)
        let history = try await executor.history(of: "shop")
        #expect(history.releases.map { "\($0.revision) \($0.result.rawValue)" } == ["1 Succeeded"])
    }

    @Test func degradedCommitPolledAgainWritesNothing() async throws {
        let cluster = InMemoryCluster()
        cluster.setController { object in
            var o = InMemoryCluster.healthyController(object)
            if o["kind"] == "Deployment" {
                o["status"]?["conditions"] = [
                    ["type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"]
                ]
            }
            return o
        }
        let executor = Self.executor(cluster)
        let first = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(first.release?.result == .failed)
        let writes = cluster.writes.count
        let again = try await executor.sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(cluster.writes.count == writes)
        #expect(again.release == nil)
        #expect(!again.succeeded)
        #expect(
            again.summary
                == "shop: still failing (revision 1 at aaaaaaa): Deployment/shop/web is Degraded: exceeded its progress deadline"
        )
    }

    @Test func jobOfAnEarlierWaveCompletesBeforeTheNextWaveStarts() async throws {
        let cluster = InMemoryCluster()
        cluster.setController { object in
            object["kind"] == "Job" ? object : InMemoryCluster.healthyController(object)
        }
        cluster.setReadHook { object, reads in
            guard object["kind"] == "Job", reads >= 2 else { return object }
            return InMemoryCluster.healthyController(object)
        }
        let result = try await Self.executor(cluster).sync(Self.app, objects: try Self.shop(), commit: Self.commitA)
        #expect(result.succeeded, "\(result)")
        let log = cluster.log.map(\.description)
        let lastJobRead = log.lastIndex(of: "get Job/shop/migrate")!
        #expect(log.firstIndex(of: "apply CustomResourceDefinition/widgets.example.com")! > lastJobRead)
    }

    @Test func failedJobStopsTheReleaseBeforeLaterWavesAndPrune() async throws {
        let cluster = InMemoryCluster()
        let executor = Self.executor(cluster)
        let objects = try Self.shop()
        _ = try await executor.sync(Self.app, objects: objects, commit: Self.commitA)
        let before = cluster.writes.count
        cluster.setController { object in
            guard object["kind"] == "Job" else { return InMemoryCluster.healthyController(object) }
            var o = object
            o["status"] = [
                "conditions": [
                    ["type": "Failed", "status": "True", "reason": "BackoffLimitExceeded", "message": "3 pods failed"]
                ]
            ]
            return o
        }
        var changed = Self.without("Ingress", from: objects)
        let job = changed.firstIndex { $0["kind"] == "Job" }!
        changed[job]["spec"]?["template"]?["spec"]?["containers"] = [["name": "migrate", "image": "migrate:2"]]
        let deployment = changed.firstIndex { $0["kind"] == "Deployment" }!
        changed[deployment]["spec"]?["replicas"] = 4
        let result = try await executor.sync(Self.app, objects: changed, commit: Self.commitB)
        #expect(
            result.release?.message == "Job/shop/migrate is Degraded: job failed: BackoffLimitExceeded: 3 pods failed")
        #expect(
            Array(cluster.writes.dropFirst(before)) == [
                "apply ConfigMap/gitops-agent/shop.r2", "apply Job/shop/migrate",
                "apply ConfigMap/gitops-agent/shop.r2",
            ])
        #expect(result.release?.inventory.contains { $0.kind == "Ingress" } == true)
    }
}
