import Foundation
import Manifests
import Testing

@testable import KubeEmulator

/// `kubectl rollout status statefulset/x`'s verdict (kubectl `rollout_status.go`).
private func statefulSetRolloutDone(_ s: Value) -> Bool {
    let status = s["status"] ?? .object(ObjectValue())
    guard s[path: ["spec", "updateStrategy", "type"]] == "RollingUpdate" else { return false }
    let generation = s[path: ["metadata", "generation"]]?.intValue ?? 0
    guard status.int("observedGeneration") != 0, generation <= status.int("observedGeneration") else { return false }
    let replicas = s[path: ["spec", "replicas"]]?.intValue ?? 1
    guard status.int("readyReplicas") >= replicas else { return false }
    let partition = s[path: ["spec", "updateStrategy", "rollingUpdate", "partition"]]?.intValue ?? 0
    if partition > 0 { return status.int("updatedReplicas") >= replicas - partition }
    return status["updateRevision"] == status["currentRevision"]
}

/// `kubectl rollout status daemonset/x`'s verdict.
private func daemonSetRolloutDone(_ d: Value) -> Bool {
    let status = d["status"] ?? .object(ObjectValue())
    guard d[path: ["spec", "updateStrategy", "type"]] == "RollingUpdate" else { return false }
    guard (d[path: ["metadata", "generation"]]?.intValue ?? 0) <= status.int("observedGeneration") else { return false }
    let desired = status.int("desiredNumberScheduled")
    return status.int("updatedNumberScheduled") >= desired && status.int("numberAvailable") >= desired
}

private func setImage(_ image: String) -> (inout Value) -> Void {
    { o in
        let name = o[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["name"] ?? "c"
        o.setValue(["spec", "template", "spec", "containers"], .array([["name": name, "image": .string(image)]]))
        applyDefaults(to: &o)
    }
}

@Suite struct ControllerWorkloadTests {
    @Test func statefulSetCreatesPodsInOrderAndCompletes() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "statefulset-new"))
        var ready: [Int] = []
        cluster.settle { c in ready.append(c["StatefulSet", "db"]?.int("status", "readyReplicas") ?? 0) }
        #expect(ready.prefix(3) == [1, 2, 3])
        let s = try #require(cluster["StatefulSet", "db"])
        let status = try #require(s["status"])
        let template = try #require(s[path: ["spec", "template"]])
        #expect(status["updateRevision"] == .string("db-" + podTemplateHash(template)))
        #expect(status["currentRevision"] == status["updateRevision"])
        #expect(status.int("replicas") == 3 && status.int("currentReplicas") == 3 && status.int("updatedReplicas") == 3)
        #expect(status["observedGeneration"] == 1)
        #expect(statefulSetRolloutDone(s))
    }

    @Test func statefulSetRollsToTheNewRevision() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "statefulset-new"))
        cluster.settle()
        let before = try #require(cluster["StatefulSet", "db"]?[path: ["status", "currentRevision"]])
        cluster.edit(kind: "StatefulSet", name: "db", setImage("postgres:18"))
        var sawPartial = false
        cluster.settle { c in
            let s = c["StatefulSet", "db"]!
            if !statefulSetRolloutDone(s), s.int("status", "updatedReplicas") > 0 { sawPartial = true }
        }
        #expect(sawPartial)
        let s = try #require(cluster["StatefulSet", "db"])
        #expect(s[path: ["status", "currentRevision"]] != before)
        #expect(statefulSetRolloutDone(s))
    }

    @Test func statefulSetWithBrokenImageNeverCompletes() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "statefulset-new"))
        cluster.settle()
        cluster.edit(kind: "StatefulSet", name: "db", setImage("postgres:broken"))
        for _ in 0..<20 { cluster.step() }
        let s = try #require(cluster["StatefulSet", "db"])
        #expect(!statefulSetRolloutDone(s))
        #expect(s.int("status", "readyReplicas") < 3)
        #expect(s[path: ["status", "currentRevision"]] != s[path: ["status", "updateRevision"]])
    }

    @Test func partitionedStatefulSetUpdatesOnlyAboveThePartition() throws {
        var manifest = try fixture("controllers", "statefulset-new")
        manifest.setValue(
            ["spec", "updateStrategy"], json(#"{"type":"RollingUpdate","rollingUpdate":{"partition":2}}"#))
        var cluster = ControllerTestCluster(manifest)
        cluster.settle()
        cluster.edit(kind: "StatefulSet", name: "db", setImage("postgres:18"))
        cluster.settle()
        let s = try #require(cluster["StatefulSet", "db"])
        #expect(s.int("status", "updatedReplicas") == 1)
        #expect(statefulSetRolloutDone(s))
    }

    @Test(arguments: [1, 3])
    func daemonSetSchedulesOnePodPerNode(nodes: Int) throws {
        var options = ControllerOptions.default
        options.nodeCount = nodes
        var cluster = ControllerTestCluster(options: options, try fixture("controllers", "daemonset-new"))
        cluster.settle()
        let d = try #require(cluster["DaemonSet", "agent"])
        #expect(
            d["status"]
                == json(
                    #"{"currentNumberScheduled":\#(nodes),"numberMisscheduled":0,"desiredNumberScheduled":\#(nodes),"numberReady":\#(nodes),"observedGeneration":1,"updatedNumberScheduled":\#(nodes),"numberAvailable":\#(nodes)}"#
                ))
        #expect(daemonSetRolloutDone(d))
        cluster.edit(kind: "DaemonSet", name: "agent", setImage("agent:2"))
        cluster.step()
        #expect(!daemonSetRolloutDone(try #require(cluster["DaemonSet", "agent"])))
        cluster.settle()
        #expect(daemonSetRolloutDone(try #require(cluster["DaemonSet", "agent"])))
    }

    @Test func jobCompletesAfterItsCompletions() throws {
        var cluster = ControllerTestCluster(try fixture("controllers", "job-new"))
        cluster.step()
        var job = try #require(cluster["Job", "migrate"])
        #expect(job[path: ["status", "startTime"]] == "2026-01-01T00:00:10Z")
        #expect(job[path: ["status", "active"]] == 2)
        cluster.settle()
        job = try #require(cluster["Job", "migrate"])
        #expect(job[path: ["status", "succeeded"]] == 3)
        #expect(job[path: ["status", "active"]] == nil)
        #expect(job[path: ["status", "completionTime"]] != nil)
        #expect(condition(job, "Complete").status == "True")
        #expect(condition(job, "Complete").reason == "CompletionsReached")
        #expect(condition(job, "SuccessCriteriaMet").status == "True")
    }

    @Test func jobWithBrokenImageFailsAfterTheBackoffLimit() throws {
        var manifest = try fixture("controllers", "job-new")
        manifest.setValue(
            ["spec", "template", "spec", "containers"], json(#"[{"name":"m","image":"migrate:broken"}]"#))
        var cluster = ControllerTestCluster(manifest)
        cluster.settle()
        let job = try #require(cluster["Job", "migrate"])
        #expect(condition(job, "Failed").status == "True")
        #expect(condition(job, "Failed").reason == "BackoffLimitExceeded")
        #expect(condition(job, "Failed").message == "Job has reached the specified backoff limit")
        #expect(job.int("status", "failed") == 3)
        #expect(condition(job, "Complete").status == nil)
    }

    @Test func finishedJobIsDeletedAfterItsTTL() throws {
        var manifest = try fixture("controllers", "job-new")
        manifest.setValue(["spec", "ttlSecondsAfterFinished"], 60)
        var cluster = ControllerTestCluster(manifest)
        for _ in 0..<4 { cluster.step() }
        #expect(condition(cluster["Job", "migrate"], "Complete").status == "True")
        for _ in 0..<5 { cluster.step() }
        #expect(cluster["Job", "migrate"] != nil, "50 s after finishing")
        cluster.step()
        #expect(cluster["Job", "migrate"] == nil)
    }

    @Test func suspendedJobRunsNothing() throws {
        var manifest = try fixture("controllers", "job-new")
        manifest.setValue(["spec", "suspend"], true)
        var cluster = ControllerTestCluster(manifest)
        cluster.settle()
        let job = try #require(cluster["Job", "migrate"])
        #expect(condition(job, "Suspended").reason == "JobSuspended")
        #expect(job[path: ["status", "active"]] == nil)
        #expect(job[path: ["status", "succeeded"]] == nil)
    }

    @Test func bareReplicaSetRunsItsPods() throws {
        let rs = json(
            #"{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"bare","namespace":"shop"},"spec":{"replicas":2,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i:1"}]}}}}"#
        )
        var cluster = ControllerTestCluster(rs)
        cluster.settle()
        #expect(cluster["ReplicaSet", "bare"]?[path: ["status", "readyReplicas"]] == 2)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"), (1_767_225_600.0, "2026-01-01T00:00:00Z"),
        (951_825_599.0, "2000-02-29T11:59:59Z"),
    ])
    func timestampsRoundTrip(seconds: Double, text: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Timestamp.format(date) == text)
        #expect(Timestamp.parse(text) == date)
    }

    @Test func timestampsWithOffsetsAndFractions() {
        #expect(Timestamp.parse("2026-01-01T01:00:00.123+01:00") == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(Timestamp.parse("2026-01-01 00:00:00") == nil)
    }
}
