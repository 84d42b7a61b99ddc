import Manifests

/// Schemas of custom resources, from the CustomResourceDefinitions found in the linted files.
///
/// Each served version's `openAPIV3Schema` becomes a schema tree; `metadata` links to the
/// built-in ObjectMeta schema (resolved for whichever Kubernetes version is checked). Unknown fields are errors unless the schema says
/// `x-kubernetes-preserve-unknown-fields`, as with kubectl's strict field validation.
struct CustomResourceCatalog: Sendable {
    struct Definition: Sendable {
        var name: String
        var group: String
        var kind: String
        /// Served versions and their schemas (`nil`: the version declares no schema).
        var versions: [String: SchemaNode?]
        var file: String
        var line: Int
    }

    enum Lookup {
        case notCustom
        case schema(SchemaNode?, Definition)
        case versionNotServed(Definition)
    }

    private(set) var definitions: [String: Definition] = [:]

    private static func key(group: String, kind: String) -> String { group + "/" + kind }

    /// Adds the CRD in `root` (an `apiextensions.k8s.io/v1` CustomResourceDefinition).
    mutating func add(_ root: Node, file: String, objectMeta: SchemaLink?) {
        guard let spec = root["spec"], let group = spec["group"]?.scalar, let kind = spec["names"]?["kind"]?.scalar
        else { return }
        var versions: [String: SchemaNode?] = [:]
        for version in spec["versions"]?.items ?? [] {
            guard let name = version["name"]?.scalar else { continue }
            if version["served"]?.scalar == "false" { continue }
            if let schemaNode = version["schema"]?["openAPIV3Schema"], let value = try? schemaNode.toValue() {
                versions[name] = Self.rootSchema(value, objectMeta: objectMeta)
            } else {
                versions[name] = .some(nil)
            }
        }
        let definition = Definition(
            name: root["metadata"]?["name"]?.scalar ?? "", group: group, kind: kind, versions: versions, file: file,
            line: root.start.line)
        definitions[Self.key(group: group, kind: kind)] = definition
    }

    func lookup(apiVersion: String, kind: String) -> Lookup {
        let parts = apiVersion.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let definition = definitions[Self.key(group: String(parts[0]), kind: kind)] else {
            return .notCustom
        }
        guard let schema = definition.versions[String(parts[1])] else { return .versionNotServed(definition) }
        return .schema(schema, definition)
    }

    private static func rootSchema(_ value: Value, objectMeta: SchemaLink?) -> SchemaNode {
        let root = node(value)
        guard root.kind == .object else { return root }
        var properties = root.properties
        properties["apiVersion"] = .node(SchemaNode(kind: .string))
        properties["kind"] = .node(SchemaNode(kind: .string))
        properties["metadata"] = objectMeta ?? .node(.anything)
        return SchemaNode(
            kind: .object, name: root.name, properties: properties, required: root.required,
            additional: root.properties.isEmpty ? .open : root.additional)
    }

    /// One JSONSchemaProps object as a schema node.
    static func node(_ value: Value) -> SchemaNode {
        guard let o = value.objectValue else { return .anything }
        if o["x-kubernetes-int-or-string"]?.boolValue == true { return SchemaNode(kind: .intOrString) }
        if o["x-kubernetes-embedded-resource"]?.boolValue == true { return .anything }
        let preserve = o["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
        let type = o["type"]?.stringValue ?? (o["properties"] != nil ? "object" : "")
        switch type {
        case "object":
            var properties: [String: SchemaLink] = [:]
            for (key, sub) in o["properties"]?.objectValue ?? ObjectValue() { properties[key] = .node(node(sub)) }
            let additional: SchemaNode.Additional
            switch o["additionalProperties"] {
            case .bool(false)?: additional = preserve ? .open : .closed
            case .object(let sub)?: additional = .schema(.node(node(.object(sub))))
            case .bool(true)?: additional = .open
            default: additional = preserve || properties.isEmpty ? .open : .closed
            }
            let required = (o["required"]?.arrayValue ?? []).compactMap(\.stringValue)
            return SchemaNode(kind: .object, properties: properties, required: required, additional: additional)
        case "array":
            let items = o["items"].map { SchemaLink.node(node($0)) }
            let listType = o["x-kubernetes-list-type"]?.stringValue
            let keys =
                listType == "map" ? (o["x-kubernetes-list-map-keys"]?.arrayValue ?? []).compactMap(\.stringValue) : []
            return SchemaNode(kind: .array, items: items, listMapKeys: keys, isSet: listType == "set")
        case "string":
            let values = (o["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
            let format: SchemaNode.Format = o["format"]?.stringValue == "byte" ? .byte : .none
            return SchemaNode(kind: .string, enumValues: values, format: format)
        case "integer":
            return SchemaNode(kind: .integer, format: o["format"]?.stringValue == "int32" ? .int32 : .none)
        case "number":
            return SchemaNode(kind: .number)
        case "boolean":
            return SchemaNode(kind: .boolean)
        default:
            return .anything
        }
    }
}
