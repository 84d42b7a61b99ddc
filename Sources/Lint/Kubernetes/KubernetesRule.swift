/// The Kubernetes rules of lint: ids for findings and config, with their default levels.
public enum KubernetesRule: String, Sendable, CaseIterable {
    /// `apiVersion` missing, not a string, or malformed.
    case apiVersion = "kubernetes-api-version"
    /// `kind` missing, not a string, or not a kind of a built-in API group.
    case kind = "kubernetes-kind"
    /// `metadata.name` (or `generateName`) missing or not a valid name for the kind.
    case name = "kubernetes-name"
    /// Label keys and values that Kubernetes rejects.
    case labels = "kubernetes-labels"
    /// Annotation keys that Kubernetes rejects, and non-string values.
    case annotations = "kubernetes-annotations"
    /// An API version the target Kubernetes release no longer (or not yet) serves.
    case removedAPI = "kubernetes-removed-api"
    /// An API version that is still served but deprecated.
    case deprecatedAPI = "kubernetes-deprecated-api"
    /// Unknown fields, wrong types, missing required fields, enums, formats, duplicate list keys.
    case schema = "kubernetes-schema"
    /// A kind with no schema anywhere (not built in, no CustomResourceDefinition in the linted set).
    case unknownKind = "kubernetes-unknown-kind"

    /// The level a finding of this rule has unless the config says otherwise.
    public var defaultLevel: Finding.Level {
        switch self {
        case .deprecatedAPI, .unknownKind: return .warning
        default: return .error
        }
    }

    /// One line on what the rule checks.
    public var summary: String {
        switch self {
        case .apiVersion: return "apiVersion is present and well formed"
        case .kind: return "kind is present and exists in its API group"
        case .name: return "metadata.name (or generateName) is present and valid for the kind"
        case .labels: return "label keys and values are valid"
        case .annotations: return "annotation keys are valid and values are strings"
        case .removedAPI: return "the API version is served by the target Kubernetes version"
        case .deprecatedAPI: return "the API version is not deprecated"
        case .schema: return "the object matches the Kubernetes or CustomResourceDefinition schema"
        case .unknownKind: return "a schema exists for the kind"
        }
    }
}
