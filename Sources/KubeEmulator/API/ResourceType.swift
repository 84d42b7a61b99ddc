import Manifests

/// One resource the server serves at one group/version: its names, scope, verbs and
/// subresources, as discovery describes it.
struct ResourceType: Sendable, Equatable {
    var group: String
    var version: String
    /// Plural lower-case name used in URLs, e.g. `deployments`.
    var resource: String
    var kind: String
    var singular: String
    var namespaced: Bool
    var shortNames: [String] = []
    var categories: [String] = []
    var hasStatus = false
    var hasScale = false
    /// Whether the server keeps `metadata.generation` (spec changes bump it).
    var setsGeneration = false
    var isCustom = false
    /// CRD `additionalPrinterColumns` (custom resources only).
    var printerColumns: [PrinterColumn] = []
    /// CRD scale subresource paths.
    var scale: ScalePaths?
    /// Custom resources: list and map types from the CRD's schema, for apply and managedFields.
    var customSchema: MergeSchema?
    /// Verbs of the main resource; every type here supports all of them.
    var verbs: [String] { ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] }

    var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    var listKind: String { kind + "List" }
    /// Key of the storage shared by every version of the resource.
    var storageKey: String { group + "/" + resource }
    /// `deployments.apps`, or `configmaps` for the core group, as error messages name resources.
    var qualifiedResource: String { group.isEmpty ? resource : "\(resource).\(group)" }

    struct PrinterColumn: Sendable, Equatable {
        var name: String
        var type: String
        var format: String
        var description: String
        var priority: Int
        var jsonPath: String
    }

    struct ScalePaths: Sendable, Equatable {
        var specReplicasPath: String
        var statusReplicasPath: String
        var labelSelectorPath: String?
    }
}
