import Foundation
import Manifests
import Testing

@testable import KubeEmulator

/// An in-memory object store that applies controller changes as the server would, so that
/// controller steps can be run over (explicit) time.
struct ControllerTestCluster {
    var objects: [String: Value] = [:]
    var controllers: WorkloadControllers
    var now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    var interval: TimeInterval = 10
    private var uidCounter = 0

    init(options: ControllerOptions = .default, _ initial: Value...) {
        controllers = WorkloadControllers(options: options)
        for object in initial { create(object) }
    }

    static func key(_ o: Value) -> String {
        [
            o["kind"]?.stringValue, o[path: ["metadata", "namespace"]]?.stringValue,
            o[path: ["metadata", "name"]]?.stringValue,
        ]
        .map { $0 ?? "" }.joined(separator: "/")
    }

    mutating func create(_ object: Value) {
        var o = object
        uidCounter += 1
        o.setDefault(["metadata", "uid"], .string("uid-\(uidCounter)"))
        o.setDefault(["metadata", "generation"], 1)
        applyDefaults(to: &o)
        objects[Self.key(o)] = o
    }

    subscript(kind: String, name: String) -> Value? {
        objects.values.first { $0["kind"]?.stringValue == kind && $0[path: ["metadata", "name"]]?.stringValue == name }
    }

    func all(_ kind: String) -> [Value] {
        objects.values.filter { $0["kind"]?.stringValue == kind }
            .sorted { Self.key($0) < Self.key($1) }
    }

    /// Changes the spec as a user would: `generation` goes up by one.
    mutating func edit(kind: String, name: String, _ body: (inout Value) -> Void) {
        guard var o = self[kind, name] else { return }
        body(&o)
        o.setValue(["metadata", "generation"], .int((o[path: ["metadata", "generation"]]?.intValue ?? 0) + 1))
        objects[Self.key(o)] = o
    }

    /// One controller step; returns the changes it made.
    @discardableResult
    mutating func step() -> [ObjectChange] {
        now += interval
        let changes = controllers.step(objects: Array(objects.values), now: now)
        for change in changes {
            switch change {
            case .create(let o): create(o)
            case .update(let o): objects[Self.key(o)] = o
            case .delete(let ref):
                objects = objects.filter { ObjectRef(object: $0.value) != ref }
            }
        }
        return changes
    }

    /// Steps until nothing changes (at most `limit` steps); returns the number of steps taken.
    @discardableResult
    mutating func settle(limit: Int = 100, check: (ControllerTestCluster) -> Void = { _ in }) -> Int {
        for n in 1...limit {
            if step().isEmpty { return n }
            check(self)
        }
        Issue.record("controllers did not settle within \(limit) steps")
        return limit
    }
}

/// `kubectl rollout status deployment/x`'s verdict (kubectl `rollout_status.go`), to check that
/// the emulated counters satisfy it.
func deploymentRolloutStatus(_ d: Value) -> (done: Bool, message: String) {
    let name = d[path: ["metadata", "name"]]?.stringValue ?? ""
    let generation = d[path: ["metadata", "generation"]]?.intValue ?? 0
    let status = d["status"] ?? .object(ObjectValue())
    guard generation <= status.int("observedGeneration") else {
        return (false, "Waiting for deployment spec update to be observed...")
    }
    let progressing = status["conditions"]?.arrayValue?.first { $0["type"] == "Progressing" }
    if progressing?["reason"] == "ProgressDeadlineExceeded" {
        return (false, "deployment \"\(name)\" exceeded its progress deadline")
    }
    let updated = status.int("updatedReplicas")
    if let replicas = d[path: ["spec", "replicas"]]?.intValue, updated < replicas {
        return (
            false,
            "Waiting for deployment \"\(name)\" rollout to finish: \(updated) out of \(replicas) new replicas have been updated..."
        )
    }
    if status.int("replicas") > updated {
        return (
            false,
            "Waiting for deployment \"\(name)\" rollout to finish: \(status.int("replicas") - updated) old replicas are pending termination..."
        )
    }
    if status.int("availableReplicas") < updated {
        return (
            false,
            "Waiting for deployment \"\(name)\" rollout to finish: \(status.int("availableReplicas")) of \(updated) updated replicas are available..."
        )
    }
    return (true, "deployment \"\(name)\" successfully rolled out")
}

/// The status of condition `type`, e.g. `"True"`, and its reason.
func condition(_ o: Value?, _ type: String) -> (status: String?, reason: String?, message: String?) {
    let c = o?[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"]?.stringValue == type }
    return (c?["status"]?.stringValue, c?["reason"]?.stringValue, c?["message"]?.stringValue)
}
