import Manifests

/// How server-side apply and strategic merge patch treat one node of an object's tree.
///
/// A node describes a field: whether it is a granular struct or map (merged key by key) or an
/// atomic value (owned and replaced whole), and, for lists, how their items are identified.
/// Unknown fields fall back to `MergeSchema.unknown`: granular maps and atomic lists, which is
/// what the real server does for custom resources without schema markers.
struct MergeSchema: Sendable, Equatable {
    /// How a list is merged.
    enum ListType: Sendable, Equatable {
        /// Replaced whole, owned as one leaf.
        case atomic
        /// A set of primitive values, merged by union; items are `v:<json>` path elements.
        case set
        /// A list of objects identified by key fields; items are `k:{...}` path elements.
        /// `defaults` gives key fields a value when an item omits them (ports' `protocol`).
        case map(keys: [String], defaults: [String: Value])
    }

    /// For a list node: how it is merged by server-side apply (`nil` for non-lists).
    var listType: ListType?
    /// The merge key strategic merge patch uses for this list (`patchMergeKey`); `nil` means the
    /// patch replaces the list, unless `mergesPrimitives`.
    var patchMergeKey: String?
    /// Strategic merge patch merges this primitive list as a set (e.g. `finalizers`).
    var mergesPrimitives = false
    /// A struct or map that server-side apply owns and replaces whole
    /// (`x-kubernetes-map-type: atomic`, `structType=atomic` such as `LabelSelector`); strategic
    /// merge patch still merges it.
    var isAtomic = false
    /// At the root: `status` is written through its own subresource, so the main endpoint
    /// keeps the stored status and no manager of the main resource owns it.
    var hasStatusSubresource = true
    /// Known child fields of a struct.
    var fields: [String: MergeSchema] = [:]
    /// The schema of list items or map values (`items` / `additionalProperties`), in a box
    /// because a struct cannot hold itself.
    private var itemBox: [MergeSchema] = []

    init(
        listType: ListType? = nil, patchMergeKey: String? = nil, mergesPrimitives: Bool = false,
        isAtomic: Bool = false, fields: [String: MergeSchema] = [:], items: MergeSchema? = nil
    ) {
        self.listType = listType
        self.patchMergeKey = patchMergeKey
        self.mergesPrimitives = mergesPrimitives
        self.isAtomic = isAtomic
        self.fields = fields
        self.itemBox = items.map { [$0] } ?? []
    }

    /// The schema of list items or map values.
    var items: MergeSchema? {
        get { itemBox.first }
        set { itemBox = newValue.map { [$0] } ?? [] }
    }

    /// A node nothing is known about: granular when it holds an object, atomic when a list.
    static let unknown = MergeSchema()

    /// The schema of the child field `name` of this struct or map.
    func child(_ name: String) -> MergeSchema {
        fields[name] ?? items ?? .unknown
    }

    /// The schema of this list's items.
    var element: MergeSchema { items ?? .unknown }

    /// The list type server-side apply uses: explicit, else atomic.
    var effectiveListType: ListType { listType ?? .atomic }

    /// The key of a list-map item, as the real server renders it in `k:` path elements and
    /// conflict paths: the key fields (defaulted when missing), sorted by name.
    func itemKey(_ item: Value) -> ObjectValue? {
        guard case .map(let keys, let defaults) = effectiveListType, case .object(let o) = item else {
            return nil
        }
        var key = ObjectValue()
        for name in keys.sorted() {
            if let v = o[name] ?? defaults[name] { key[name] = v }
        }
        return key.isEmpty ? nil : key
    }
}

extension MergeSchema {
    /// The schema a CustomResourceDefinition version declares in its `openAPIV3Schema`:
    /// `x-kubernetes-list-type`, `x-kubernetes-list-map-keys` and `x-kubernetes-map-type`
    /// markers; lists without markers are atomic.
    init(openAPIV3Schema schema: Value) {
        self.init()
        if schema["x-kubernetes-map-type"]?.stringValue == "atomic" { isAtomic = true }
        if let props = schema["properties"]?.objectValue {
            for (name, sub) in props { fields[name] = MergeSchema(openAPIV3Schema: sub) }
        }
        if let additional = schema["additionalProperties"], additional.objectValue != nil {
            items = MergeSchema(openAPIV3Schema: additional)
        }
        if let itemSchema = schema["items"], itemSchema.objectValue != nil {
            items = MergeSchema(openAPIV3Schema: itemSchema)
        }
        let isList = schema["type"]?.stringValue == "array" || schema["items"] != nil
        if isList {
            switch schema["x-kubernetes-list-type"]?.stringValue {
            case "set": listType = .set
            case "map":
                let keys = schema["x-kubernetes-list-map-keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
                var defaults: [String: Value] = [:]
                for key in keys {
                    if let d = schema[path: ["items", "properties", key, "default"]] { defaults[key] = d }
                }
                listType = keys.isEmpty ? .atomic : .map(keys: keys, defaults: defaults)
            default: listType = .atomic
            }
        }
    }

    /// The schema of a custom resource from its CRD object, for the given version (or the
    /// storage version when `version` is `nil`). `metadata` is always the built-in ObjectMeta.
    init(customResourceDefinition crd: Value, version: String?) {
        let versions = crd[path: ["spec", "versions"]]?.arrayValue ?? []
        let chosen =
            versions.first { $0["name"]?.stringValue == version }
            ?? versions.first { $0["storage"]?.boolValue == true } ?? versions.first
        if let schema = chosen?[path: ["schema", "openAPIV3Schema"]] {
            self.init(openAPIV3Schema: schema)
        } else {
            self.init()
        }
        hasStatusSubresource = chosen?[path: ["subresources", "status"]] != nil
        fields["metadata"] = MergeSchema.objectMeta
    }
}
