import Manifests

/// Labels and annotations the agent writes and reads on applied objects.
public enum AgentMetadata {
    /// Label set on every applied object (value ``managedByValue``).
    public static let managedByLabel = "app.kubernetes.io/managed-by"
    /// The value of ``managedByLabel``.
    public static let managedByValue = "gitops-agent"
    /// Annotation naming the application that owns an object; also a label on release records.
    public static let appKey = "gitops-agent.io/app"
    /// Label on release records holding the revision number.
    public static let revisionLabel = "gitops-agent.io/revision"
    /// Annotation `"<int>"` that moves an object to an earlier or later apply wave (default 0).
    public static let syncWaveAnnotation = "gitops-agent.io/sync-wave"
    /// Annotation `"false"` that keeps an object from ever being pruned.
    public static let pruneAnnotation = "gitops-agent.io/prune"
    /// The server-side-apply field manager of the agent.
    public static let fieldManager = "gitops-agent"

    static func labels(of object: Value?) -> ObjectValue {
        object?[path: ["metadata", "labels"]]?.objectValue ?? ObjectValue()
    }

    static func annotations(of object: Value?) -> ObjectValue {
        object?[path: ["metadata", "annotations"]]?.objectValue ?? ObjectValue()
    }

    /// Whether `object` carries both the agent's label and the annotation of `application`.
    static func isManaged(_ object: Value?, by application: String) -> Bool {
        labels(of: object)[managedByLabel]?.stringValue == managedByValue
            && annotations(of: object)[appKey]?.stringValue == application
    }
}

/// Identity of an object across API versions: inventories and live lookups pair by it, so
/// that moving a manifest from `v2beta2` to `v2` is an update, not a prune plus a create.
struct ObjectKey: Hashable, Comparable {
    var group: String
    var kind: String
    var namespace: String
    var name: String

    init(_ ref: ObjectRef) {
        group = ref.group
        kind = ref.kind
        namespace = ref.namespace ?? ""
        name = ref.name
    }

    static func < (a: ObjectKey, b: ObjectKey) -> Bool {
        (a.group, a.kind, a.namespace, a.name) < (b.group, b.kind, b.namespace, b.name)
    }
}

extension ObjectRef {
    var key: ObjectKey { ObjectKey(self) }
}
