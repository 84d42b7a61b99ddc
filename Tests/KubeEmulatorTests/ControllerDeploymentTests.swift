import Foundation
import Manifests
import Testing

@testable import KubeEmulator

private func setImage(_ image: String) -> (inout Value) -> Void {
    { d in
        d.setValue(["spec", "template", "spec", "containers"], .array([["name": "web", "image": .string(image)]]))
        applyDefaults(to: &d)
    }
}

@Suite struct ControllerDeploymentTests {
    @Test func firstStepCreatesTheReplicaSet() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "deployment-new"))
        let changes = cluster.step()
        let created = changes.compactMap { if case .create(let o) = $0 { o } else { nil } }
        #expect(created.count == 1)
        let deployment = try #require(cluster["Deployment", "web"])
        let rs = try #require(cluster.all("ReplicaSet").first)
        let hash = try #require(rs[path: ["metadata", "labels", "pod-template-hash"]]?.stringValue)
        #expect(rs[path: ["metadata", "name"]] == .string("web-" + hash))
        #expect(hash == podTemplateHash(try #require(deployment[path: ["spec", "template"]])))
        #expect(
            rs[path: ["spec", "selector", "matchLabels"]] == json(#"{"app":"web","pod-template-hash":"\#(hash)"}"#))
        #expect(rs[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "1")
        #expect(rs[path: ["metadata", "annotations", "deployment.kubernetes.io/desired-replicas"]] == "3")
        #expect(rs[path: ["metadata", "annotations", "deployment.kubernetes.io/max-replicas"]] == "4")
        #expect(
            rs[path: ["metadata", "ownerReferences"]]
                == json(
                    #"[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"uid-1","controller":true,"blockOwnerDeletion":true}]"#
                ))
        #expect(deployment[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "1")
        #expect(condition(deployment, "Progressing").reason == "NewReplicaSetCreated")
        #expect(condition(deployment, "Progressing").message == "Created new replica set \"web-\(hash)\"")
        #expect(condition(deployment, "Available").reason == "MinimumReplicasUnavailable")
        #expect(deployment[path: ["status", "observedGeneration"]] == 1)
        #expect(deploymentRolloutStatus(deployment).message.contains("0 out of 3 new replicas have been updated"))
    }

    @Test func replicaSetsCarryTheDeploymentsAnnotations() throws {
        var manifest = try fixture("controllers", "deployment-new")
        manifest.setValue(["metadata", "annotations"], ["team": "shop", lastAppliedAnnotation: "{}"])
        var cluster = ControllerTestCluster(manifest)
        cluster.step()
        let rs = try #require(cluster.all("ReplicaSet").first)
        #expect(rs[path: ["metadata", "annotations", "team"]] == "shop")
        #expect(rs[path: ["metadata", "annotations", lastAppliedAnnotation]] == nil)
    }

    @Test func newDeploymentRollsOutOneReplicaPerStep() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "deployment-new"))
        var readyOverTime: [Int] = []
        let steps = cluster.settle { c in
            readyOverTime.append(c["Deployment", "web"]?.int("status", "readyReplicas") ?? 0)
        }
        #expect(steps > 3)
        #expect(readyOverTime.prefix(4) == [0, 1, 2, 3])
        let d = try #require(cluster["Deployment", "web"])
        #expect(
            d["status"]?.objectValue.map { o in ObjectValue(o.filter { $0.key != "conditions" }) }
                == json(
                    #"{"observedGeneration":1,"replicas":3,"updatedReplicas":3,"readyReplicas":3,"availableReplicas":3}"#
                ).objectValue)
        let rsName = try #require(cluster.all("ReplicaSet").first?[path: ["metadata", "name"]]?.stringValue)
        #expect(condition(d, "Available").status == "True")
        #expect(condition(d, "Available").message == "Deployment has minimum availability.")
        #expect(condition(d, "Progressing").reason == "NewReplicaSetAvailable")
        #expect(condition(d, "Progressing").message == "ReplicaSet \"\(rsName)\" has successfully progressed.")
        #expect(deploymentRolloutStatus(d) == (true, "deployment \"web\" successfully rolled out"))
    }

    @Test func rollingUpdateStaysWithinSurgeAndAvailability() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "deployment-new"))
        cluster.settle()
        cluster.edit(kind: "Deployment", name: "web", setImage("nginx:1.29"))
        var messages: Set<String> = []
        cluster.settle { c in
            let sets = c.all("ReplicaSet")
            let pods = sets.reduce(0) { $0 + $1.int("status", "replicas") }
            let available = sets.reduce(0) { $0 + $1.int("status", "availableReplicas") }
            #expect(pods <= 4, "maxSurge 25% of 3 rounds up to 1")
            #expect(available >= 3, "maxUnavailable 25% of 3 rounds down to 0")
            messages.insert(deploymentRolloutStatus(c["Deployment", "web"]!).message)
        }
        #expect(messages.contains { $0.contains("new replicas have been updated") })
        #expect(messages.contains { $0.contains("old replicas are pending termination") })
        let d = try #require(cluster["Deployment", "web"])
        #expect(d[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "2")
        #expect(deploymentRolloutStatus(d).done)
        let sets = cluster.all("ReplicaSet")
        #expect(sets.count == 2)
        let old = try #require(
            sets.first { $0[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "1" })
        #expect(old[path: ["spec", "replicas"]] == 0)
        #expect(old[path: ["status", "replicas"]] == 0)
    }

    @Test func brokenImageExceedsTheProgressDeadline() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "deployment-new"))
        cluster.settle()
        cluster.edit(kind: "Deployment", name: "web", setImage("nginx:broken"))
        cluster.interval = 60
        for _ in 0..<5 { cluster.step() }
        var d = try #require(cluster["Deployment", "web"])
        #expect(condition(d, "Progressing").status == "True")
        #expect(d[path: ["status", "updatedReplicas"]] == 1)
        #expect(d[path: ["status", "unavailableReplicas"]] == 1)
        for _ in 0..<10 { cluster.step() }
        d = try #require(cluster["Deployment", "web"])
        let newRS = try #require(
            cluster.all("ReplicaSet").first {
                $0[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "2"
            })
        #expect(condition(d, "Progressing").status == "False")
        #expect(condition(d, "Progressing").reason == "ProgressDeadlineExceeded")
        #expect(
            condition(d, "Progressing").message
                == "ReplicaSet \"\(newRS[path: ["metadata", "name"]]!.stringValue!)\" has timed out progressing.")
        #expect(condition(d, "Available").status == "True", "the old pods still serve")
        #expect(deploymentRolloutStatus(d).message == "deployment \"web\" exceeded its progress deadline")
        #expect(newRS[path: ["status", "readyReplicas"]] == nil)
    }

    @Test func fixingTheImageRecoversFromTheDeadline() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "deployment-new"))
        cluster.settle()
        cluster.edit(kind: "Deployment", name: "web", setImage("nginx:broken"))
        cluster.interval = 120
        for _ in 0..<8 { cluster.step() }
        #expect(condition(cluster["Deployment", "web"], "Progressing").reason == "ProgressDeadlineExceeded")
        cluster.interval = 10
        cluster.edit(kind: "Deployment", name: "web", setImage("nginx:1.29"))
        cluster.settle()
        let d = try #require(cluster["Deployment", "web"])
        #expect(deploymentRolloutStatus(d).done)
        #expect(d[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "3")
        #expect(cluster.all("ReplicaSet").filter { $0.int("spec", "replicas") > 0 }.count == 1)
    }

    @Test func pausedDeploymentDoesNotRollOut() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "deployment-new"))
        cluster.settle()
        cluster.edit(kind: "Deployment", name: "web") { d in
            d.setValue(["spec", "paused"], true)
            setImage("nginx:1.29")(&d)
        }
        cluster.settle()
        var d = try #require(cluster["Deployment", "web"])
        #expect(cluster.all("ReplicaSet").count == 1)
        #expect(condition(d, "Progressing").status == "Unknown")
        #expect(condition(d, "Progressing").reason == "DeploymentPaused")
        #expect(condition(d, "Progressing").message == "Deployment is paused")
        #expect(d[path: ["status", "observedGeneration"]] == 2)
        cluster.edit(kind: "Deployment", name: "web") { $0.setValue(["spec", "replicas"], 5) }
        cluster.settle()
        d = try #require(cluster["Deployment", "web"])
        #expect(cluster.all("ReplicaSet").count == 1, "scaling a paused Deployment rolls nothing out")
        #expect(d[path: ["status", "availableReplicas"]] == 5)
        cluster.edit(kind: "Deployment", name: "web") { $0.setValue(["spec", "paused"], nil) }
        cluster.settle()
        d = try #require(cluster["Deployment", "web"])
        #expect(cluster.all("ReplicaSet").count == 2)
        #expect(deploymentRolloutStatus(d).done)
        #expect(condition(d, "Progressing").reason == "NewReplicaSetAvailable")
    }

    @Test func recreateStopsOldPodsBeforeStartingNewOnes() throws {
        var manifest = try fixture("controllers", "deployment-new")
        manifest.setValue(["spec", "strategy"], ["type": "Recreate"])
        var cluster = ControllerTestCluster(manifest)
        cluster.settle()
        cluster.edit(kind: "Deployment", name: "web", setImage("nginx:1.29"))
        cluster.settle { c in
            let running = c.all("ReplicaSet").filter { $0.int("status", "replicas") > 0 }
            #expect(running.count <= 1, "never old and new pods at once")
        }
        #expect(deploymentRolloutStatus(try #require(cluster["Deployment", "web"])).done)
    }

    @Test func scalingChangesReplicasWithoutNewReplicaSet() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "deployment-new"))
        cluster.settle()
        cluster.edit(kind: "Deployment", name: "web") { $0.setValue(["spec", "replicas"], 1) }
        cluster.settle()
        let d = try #require(cluster["Deployment", "web"])
        #expect(cluster.all("ReplicaSet").count == 1)
        #expect(d[path: ["status", "replicas"]] == 1)
        #expect(d[path: ["status", "availableReplicas"]] == 1)
        #expect(deploymentRolloutStatus(d).done)
    }

    @Test func oldReplicaSetsBeyondTheHistoryLimitAreDeleted() throws {
        var manifest = try fixture("controllers", "deployment-new")
        manifest.setValue(["spec", "revisionHistoryLimit"], 1)
        var cluster = ControllerTestCluster(manifest)
        cluster.settle()
        for version in ["1.28", "1.29", "1.30"] {
            cluster.edit(kind: "Deployment", name: "web", setImage("nginx:" + version))
            cluster.settle()
        }
        let revisions = cluster.all("ReplicaSet").compactMap {
            $0[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]]?.stringValue
        }
        #expect(revisions.sorted() == ["3", "4"])
    }

    @Test func rollbackToAnOldTemplateReusesItsReplicaSet() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "deployment-new"))
        cluster.settle()
        cluster.edit(kind: "Deployment", name: "web", setImage("nginx:1.29"))
        cluster.settle()
        cluster.edit(kind: "Deployment", name: "web", setImage("nginx:1.27"))
        cluster.settle()
        #expect(cluster.all("ReplicaSet").count == 2)
        #expect(
            cluster["Deployment", "web"]?[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "3"
        )
    }

    @Test func podTemplateHashIsStableAndKeyOrderIndependent() {
        let a = json(
            #"{"metadata":{"labels":{"app":"web","tier":"x"}},"spec":{"containers":[{"name":"c","image":"i"}]}}"#)
        let b = json(
            #"{"spec":{"containers":[{"image":"i","name":"c"}]},"metadata":{"labels":{"tier":"x","app":"web"}}}"#)
        #expect(podTemplateHash(a) == podTemplateHash(b))
        #expect(podTemplateHash(a) != podTemplateHash(a, collisionCount: 1))
        #expect(podTemplateHash(a).allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
    }

    @Test func undoAsKubectlSendsItReusesTheOldReplicaSet() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "deployment-new"))
        cluster.settle()
        let first = try #require(cluster.all("ReplicaSet").first)
        cluster.edit(kind: "Deployment", name: "web", setImage("nginx:1.29"))
        cluster.settle()
        // `kubectl rollout undo` copies the old ReplicaSet's template, hash label removed and
        // `creationTimestamp: null` as Go marshals it.
        cluster.edit(kind: "Deployment", name: "web") { d in
            var template = first[path: ["spec", "template"]]!
            template.setValue(["metadata", "labels", "pod-template-hash"], nil)
            template.setValue(["metadata", "creationTimestamp"], .null)
            d.setValue(["spec", "template"], template)
        }
        cluster.settle()
        #expect(cluster.all("ReplicaSet").count == 2)
        let reused = try #require(cluster["ReplicaSet", first[path: ["metadata", "name"]]!.stringValue!])
        #expect(reused[path: ["spec", "replicas"]] == 3)
        #expect(reused[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]] == "3")
    }

    @Test func nullFieldsOfBuiltInObjectsAreDropped() {
        var d = json(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":null},"spec":{"template":{"metadata":{"creationTimestamp":null}}}}"#
        )
        applyDefaults(to: &d)
        #expect(d[path: ["metadata", "labels"]] == nil)
        #expect(d[path: ["spec", "template", "metadata"]] == json("{}"))
    }
}
