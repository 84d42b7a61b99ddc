/// Names one Kubernetes object: its group, version and kind, and where it lives.
///
/// `namespace` is `nil` for cluster-scoped objects (and for namespaced objects whose namespace
/// is not filled in yet).
public struct ObjectRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var kind: String
    public var namespace: String?
    public var name: String

    public init(group: String, version: String, kind: String, namespace: String?, name: String) {
        self.group = group
        self.version = version
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// Reads apiVersion, kind, metadata.namespace and metadata.name from an object.
    /// Returns `nil` when apiVersion, kind or name is missing.
    public init?(object: Value) {
        guard let apiVersion = object["apiVersion"]?.stringValue, let kind = object["kind"]?.stringValue,
            let name = object[path: ["metadata", "name"]]?.stringValue
        else { return nil }
        let (group, version) = ObjectRef.split(apiVersion: apiVersion)
        self.init(
            group: group, version: version, kind: kind,
            namespace: object[path: ["metadata", "namespace"]]?.stringValue, name: name)
    }

    /// `apps/v1` → ("apps", "v1"); `v1` → ("", "v1").
    public static func split(apiVersion: String) -> (group: String, version: String) {
        if let slash = apiVersion.lastIndex(of: "/") {
            return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
        }
        return ("", apiVersion)
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `Deployment/dbs/dbs-server`, or `Namespace/dbs` for cluster-scoped objects, as in errors.
    public var description: String {
        if let namespace { return "\(kind)/\(namespace)/\(name)" }
        return "\(kind)/\(name)"
    }

    public static func < (a: ObjectRef, b: ObjectRef) -> Bool {
        (a.group, a.kind, a.namespace ?? "", a.name, a.version) < (
            b.group, b.kind, b.namespace ?? "", b.name, b.version
        )
    }
}
