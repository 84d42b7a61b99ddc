/// One node of a schema, in the form the validator walks: built lazily from the bundled
/// Kubernetes data or from a CustomResourceDefinition's `openAPIV3Schema`.
final class SchemaNode: Sendable {
    enum Kind: UInt8, Sendable {
        case any = 0
        case object, array, string, integer, number, boolean, intOrString, quantity
    }

    enum Format: UInt8, Sendable {
        case none = 0
        case int32, int64, byte, dateTime, double
    }

    /// What an object allows beyond its declared properties.
    enum Additional: Sendable {
        /// Unknown fields are errors (`additionalProperties: false`, the strict schemas).
        case closed
        /// Anything goes (no `additionalProperties`, or preserve-unknown-fields).
        case open
        /// A map: every value follows this schema.
        case schema(SchemaLink)
    }

    let kind: Kind
    let nullable: Bool
    /// The definition's short name (`PodSpec`), for messages; `nil` for inline schemas.
    let name: String?
    let properties: [String: SchemaLink]
    let required: [String]
    let additional: Additional
    /// The schema of array items; `nil` when anything goes.
    let items: SchemaLink?
    let enumValues: [String]
    let format: Format
    /// `x-kubernetes-list-map-keys` of a `map` list: items must be unique by these keys.
    let listMapKeys: [String]
    /// `x-kubernetes-list-type: set`: items must be unique.
    let isSet: Bool
    /// The schema of `metadata` (labels and annotations are checked by their own rules).
    let isObjectMeta: Bool

    init(
        kind: Kind, nullable: Bool = true, name: String? = nil, properties: [String: SchemaLink] = [:],
        required: [String] = [], additional: Additional = .open, items: SchemaLink? = nil,
        enumValues: [String] = [], format: Format = .none, listMapKeys: [String] = [], isSet: Bool = false
    ) {
        self.kind = kind
        self.nullable = nullable
        self.name = name
        self.properties = properties
        self.required = required
        self.additional = additional
        self.items = items
        self.enumValues = enumValues
        self.format = format
        self.listMapKeys = listMapKeys
        self.isSet = isSet
        self.isObjectMeta = name == "ObjectMeta"
    }

    /// A node that accepts anything.
    static let anything = SchemaNode(kind: .any)
}

/// A reference from one schema node to another: into the bundled data (resolved per
/// Kubernetes version, because `$ref`s stay symbolic there) or straight to a built node.
enum SchemaLink: Sendable {
    case stored(UInt32)
    case node(SchemaNode)
}
