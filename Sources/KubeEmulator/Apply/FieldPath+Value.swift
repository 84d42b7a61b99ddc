import Manifests

/// Finding and removing the value a field path names.
enum FieldPathValue {
    /// The value at `path` in `value` and the schema of that node, or `nil` when absent.
    static func lookup(_ value: Value, _ path: FieldPath, schema: MergeSchema) -> (Value, MergeSchema)? {
        var current = value
        var node = schema
        for element in path {
            switch element {
            case .field(let name):
                guard let next = current[name] else { return nil }
                current = next
                node = node.child(name)
            case .key(let json):
                guard let items = current.arrayValue,
                    let item = items.first(where: { node.itemKey($0).map { PathElement.key($0) } == .key(json) })
                else { return nil }
                current = item
                node = node.element
            case .value(let json):
                guard let items = current.arrayValue, let item = items.first(where: { $0.jsonString == json }) else {
                    return nil
                }
                current = item
                node = node.element
            case .index(let i):
                guard let items = current.arrayValue, items.indices.contains(i) else { return nil }
                current = items[i]
                node = node.element
            }
        }
        return (current, node)
    }

    /// Removes the node at `path`; maps left empty by the removal are removed too, except the
    /// top-level structs. Returns whether something was removed.
    @discardableResult
    static func remove(_ path: FieldPath, from value: inout Value, schema: MergeSchema, atRoot: Bool = true) -> Bool {
        guard let first = path.first else { return false }
        let rest = Array(path.dropFirst())
        switch (first, value) {
        case (.field(let name), .object(var o)):
            guard var child = o[name] else { return false }
            if rest.isEmpty {
                o[name] = nil
            } else {
                guard remove(rest, from: &child, schema: schema.child(name), atRoot: false) else { return false }
                let emptied = child.objectValue?.isEmpty == true || child.arrayValue?.isEmpty == true
                o[name] = emptied && !atRoot ? Value?.none : child
            }
            value = .object(o)
            return true
        case (_, .array(var items)):
            guard
                let index = items.firstIndex(where: { item in
                    switch first {
                    case .key(let json): return schema.itemKey(item).map { PathElement.key($0) } == .key(json)
                    case .value(let json): return item.jsonString == json
                    default: return false
                    }
                })
            else { return false }
            if rest.isEmpty {
                items.remove(at: index)
            } else {
                guard remove(rest, from: &items[index], schema: schema.element, atRoot: false) else { return false }
            }
            value = .array(items)
            return true
        default:
            return false
        }
    }
}

/// Repeated lookups of sibling fields in one object, with each parent map indexed once (plain
/// `lookup` is linear in the size of every map on the way).
struct FieldPathLookup {
    let root: Value
    let schema: MergeSchema
    private var parents: [FieldPath: [String: Value]] = [:]

    init(_ root: Value, schema: MergeSchema) {
        self.root = root
        self.schema = schema
    }

    mutating func lookup(_ path: FieldPath) -> (Value, MergeSchema)? {
        guard case .field(let name)? = path.last else { return FieldPathValue.lookup(root, path, schema: schema) }
        let parent = Array(path.dropLast())
        if parents[parent] == nil {
            guard let (value, _) = FieldPathValue.lookup(root, parent, schema: schema), case .object(let o) = value
            else { return nil }
            parents[parent] = o.keyIndex
        }
        guard let value = parents[parent]?[name] else { return nil }
        var node = schema
        for element in path {
            if case .field(let field) = element { node = node.child(field) } else { node = node.element }
        }
        return (value, node)
    }
}
