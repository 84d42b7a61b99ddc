import Manifests

/// How the emulated workload controllers behave.
struct ControllerOptions: Sendable, Equatable {
    /// Pods created, removed or turned ready per step and ReplicaSet (the rollout pace).
    var replicasPerStep = 1
    /// Pods whose template has an image containing this text never become ready (a fault to
    /// test stuck rollouts and ProgressDeadlineExceeded); empty disables the fault.
    var brokenImagePattern = ":broken"
    /// Nodes a DaemonSet schedules onto.
    var nodeCount = 1

    static let `default` = ControllerOptions()

    /// Whether a pod template runs an image matching `brokenImagePattern`.
    func isBroken(template: Value?) -> Bool {
        guard !brokenImagePattern.isEmpty, let spec = template?["spec"] else { return false }
        let containers = (spec["containers"]?.arrayValue ?? []) + (spec["initContainers"]?.arrayValue ?? [])
        return containers.contains { $0["image"]?.stringValue?.contains(brokenImagePattern) == true }
    }
}

/// A write a controller step asks the server to make.
enum ObjectChange: Sendable, Equatable {
    /// A new object (the server fills uid, resourceVersion, creationTimestamp, generation).
    case create(Value)
    /// The new state of an existing object: spec, annotations and status as the controller
    /// wrote them (the server keeps its system metadata and writes status as `/status` does).
    case update(Value)
    /// An object to delete.
    case delete(ObjectRef)

    /// The object the change is about.
    var object: Value? {
        switch self {
        case .create(let v), .update(let v): return v
        case .delete: return nil
        }
    }
}
