import Manifests

/// One change seen by `KubeClient.watch`.
public struct WatchEvent: Sendable {
    public enum EventType: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        /// Only a newer resource version, no object change (`object` carries just metadata).
        case bookmark = "BOOKMARK"
    }

    /// What happened.
    public var type: EventType
    /// The object after the change (for `deleted`, its last state).
    public var object: Value

    public init(type: EventType, object: Value) {
        self.type = type
        self.object = object
    }

    public var resourceVersion: String? { object[path: ["metadata", "resourceVersion"]]?.stringValue }
}
