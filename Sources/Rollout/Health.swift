import Manifests

/// How healthy an object is. The order of cases is the ranking: a later case is worse, so
/// the health of a group is its worst member's.
public enum HealthStatus: String, Sendable, Comparable, CaseIterable {
    /// Up to date and serving (or nothing to wait for).
    case healthy = "Healthy"
    /// Deliberately stopped: a paused Deployment, a suspended Job.
    case suspended = "Suspended"
    /// Working towards the desired state.
    case progressing = "Progressing"
    /// The status cannot be read.
    case unknown = "Unknown"
    /// The object does not exist.
    case missing = "Missing"
    /// Failed: progress deadline exceeded, Job failed, PVC lost.
    case degraded = "Degraded"

    var rank: Int { HealthStatus.allCases.firstIndex(of: self)! }

    /// Ranks by declaration order: `healthy` is best, `degraded` worst.
    public static func < (a: HealthStatus, b: HealthStatus) -> Bool { a.rank < b.rank }
}

/// A health verdict with the reason a person can act on.
public struct HealthResult: Sendable, Equatable, CustomStringConvertible {
    /// The verdict.
    public var status: HealthStatus
    /// Why, in the words of `kubectl rollout status` where it has some.
    public var message: String

    /// A verdict with its reason.
    public init(_ status: HealthStatus, _ message: String = "") {
        self.status = status
        self.message = message
    }

    public var description: String { message.isEmpty ? status.rawValue : "\(status.rawValue): \(message)" }
}

/// Health checks per kind, as `kubectl rollout status` and `kubectl wait` judge them.
public enum Health {
    /// The health of a live object (`nil` when it does not exist). Kinds without a status
    /// to wait for are healthy.
    public static func check(_ object: Value?) -> HealthResult {
        guard let object else { return HealthResult(.missing, "object does not exist") }
        if object[path: ["metadata", "deletionTimestamp"]] != nil {
            return HealthResult(.progressing, "being deleted")
        }
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let group = ObjectRef.split(apiVersion: apiVersion).group
        switch (group, object["kind"]?.stringValue ?? "") {
        case ("apps", "Deployment"): return deployment(object)
        case ("apps", "StatefulSet"): return statefulSet(object)
        case ("apps", "DaemonSet"): return daemonSet(object)
        case ("apps", "ReplicaSet"): return replicaSet(object)
        case ("batch", "Job"): return job(object)
        case ("", "PersistentVolumeClaim"): return persistentVolumeClaim(object)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): return customResourceDefinition(object)
        default: return HealthResult(.healthy)
        }
    }

    /// Whether the executor waits for objects of this kind after applying them.
    public static func isWaitedFor(_ ref: ObjectRef) -> Bool {
        switch (ref.group, ref.kind) {
        case ("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "DaemonSet"), ("apps", "ReplicaSet"),
            ("batch", "Job"):
            return true
        default:
            return false
        }
    }

    // MARK: Shared readers

    static func condition(_ object: Value, _ type: String) -> Value? {
        object[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    static func conditionIsTrue(_ object: Value, _ type: String) -> Bool {
        condition(object, type)?["status"]?.stringValue == "True"
    }

    static func int(_ object: Value, _ path: String...) -> Int? { object[path: path]?.intValue }

    /// `true` when the controller has seen the latest spec (`generation <= observedGeneration`).
    static func observedLatest(_ object: Value) -> Bool {
        let generation = int(object, "metadata", "generation") ?? 0
        guard let observed = int(object, "status", "observedGeneration") else { return false }
        return generation <= observed
    }
}
