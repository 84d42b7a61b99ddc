import Manifests

extension FieldSet {
    /// Top-level and metadata fields the real server never records in managedFields
    /// (`managedfields/internal/stripmeta.go`).
    static let strippedMetadata: Set<String> = [
        "name", "namespace", "creationTimestamp", "uid", "generation", "managedFields", "resourceVersion",
        "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds",
    ]

    /// Removes the fields no manager ever owns: apiVersion, kind, system metadata and, when
    /// `dropStatus`, the whole status (written through its own subresource).
    func strippingSystemFields(dropStatus: Bool) -> FieldSet {
        FieldSet(
            paths.filter { path in
                guard case .field(let top)? = path.first else { return true }
                if top == "apiVersion" || top == "kind" { return false }
                if dropStatus, top == "status" { return false }
                if top == "metadata" {
                    if path.count == 1 { return false }
                    if case .field(let second) = path[1], FieldSet.strippedMetadata.contains(second) { return false }
                }
                return true
            })
    }

    /// The fields an applied configuration sets: its leaves, empty maps, atomic values, list-map
    /// items (as members) and set items, as smd's `ToFieldSet` computes them.
    init(of value: Value, schema: MergeSchema) {
        var out: Set<FieldPath> = []
        FieldSet.collect(value, schema, [], into: &out)
        self.init(out)
    }

    static func collect(_ value: Value, _ schema: MergeSchema, _ path: FieldPath, into out: inout Set<FieldPath>) {
        switch value {
        case .object(let o) where !schema.isAtomic:
            if o.isEmpty, !path.isEmpty { out.insert(path) }
            for (k, v) in o { collect(v, schema.child(k), path + [.field(k)], into: &out) }
        case .array(let items):
            switch schema.effectiveListType {
            case .atomic:
                out.insert(path)
            case .set:
                if items.isEmpty { out.insert(path) }
                for item in items { out.insert(path + [.value(item.jsonString)]) }
            case .map:
                if items.isEmpty { out.insert(path) }
                for item in items {
                    guard let key = schema.itemKey(item) else {
                        out.insert(path)
                        continue
                    }
                    let itemPath = path + [PathElement.key(key)]
                    out.insert(itemPath)
                    if case .object(let o) = item, !schema.element.isAtomic {
                        let itemSchema = schema.element
                        for (k, v) in o { collect(v, itemSchema.child(k), itemPath + [.field(k)], into: &out) }
                    }
                }
            }
        default:
            if !path.isEmpty { out.insert(path) }
        }
    }

    /// The fields a write changed (added or modified) and the fields it removed, comparing the
    /// old and new object as smd's `Compare` does.
    static func changes(from old: Value?, to new: Value, schema: MergeSchema) -> (changed: FieldSet, removed: FieldSet)
    {
        var changed: Set<FieldPath> = []
        var removed: Set<FieldPath> = []
        diff(old ?? .object(ObjectValue()), new, schema, [], &changed, &removed, isRoot: true)
        return (FieldSet(changed), FieldSet(removed))
    }

    /// Non-pointer structs and non-`omitempty` lists of the built-in types: present even in an
    /// empty object, so adding them never records the field itself as a member (`.`).
    private static let alwaysPresentStructs: Set<String> = [
        "metadata", "spec", "status", "template", "strategy", "updateStrategy", "containers",
    ]

    /// The fields of a value that is new in a write: like `collect`, plus every new non-empty
    /// map, struct and list as a member of its own, as smd's `Compare` reports additions.
    private static func added(_ value: Value, _ schema: MergeSchema, _ path: FieldPath, into out: inout Set<FieldPath>)
    {
        var isContainer = false
        switch value {
        case .object(let o) where !schema.isAtomic && !o.isEmpty:
            isContainer = true
            for (k, v) in o { added(v, schema.child(k), path + [.field(k)], into: &out) }
        case .array(let items) where !items.isEmpty && schema.effectiveListType != .atomic:
            isContainer = true
            for item in items {
                guard case .map = schema.effectiveListType, let key = schema.itemKey(item),
                    case .object(let o) = item
                else {
                    collect(.array([item]), schema, path, into: &out)
                    continue
                }
                addedItem(o, key: key, schema, path, into: &out)
            }
        default:
            collect(value, schema, path, into: &out)
        }
        if isContainer, case .field(let name)? = path.last, !alwaysPresentStructs.contains(name) {
            out.insert(path)
        }
    }

    private static func addedItem(
        _ item: ObjectValue, key: ObjectValue, _ schema: MergeSchema, _ path: FieldPath, into out: inout Set<FieldPath>
    ) {
        let itemPath = path + [PathElement.key(key)]
        out.insert(itemPath)
        guard !schema.element.isAtomic else { return }
        for (k, v) in item { added(v, schema.element.child(k), itemPath + [.field(k)], into: &out) }
    }

    private static func diff(
        _ old: Value, _ new: Value, _ schema: MergeSchema, _ path: FieldPath,
        _ changed: inout Set<FieldPath>, _ removed: inout Set<FieldPath>, isRoot: Bool = false
    ) {
        switch (old, new) {
        case (.object(let a), .object(let b)) where !schema.isAtomic:
            let oldByKey = a.keyIndex
            let newByKey = b.keyIndex
            for (k, v) in b {
                let childPath = path + [.field(k)]
                if let ov = oldByKey[k] {
                    diff(ov, v, schema.child(k), childPath, &changed, &removed)
                } else {
                    added(v, schema.child(k), childPath, into: &changed)
                }
            }
            for (k, v) in a where newByKey[k] == nil {
                let childPath = path + [.field(k)]
                removed.insert(childPath)
                collect(v, schema.child(k), childPath, into: &removed)
            }
        case (.array(let a), .array(let b)) where schema.effectiveListType != .atomic:
            if case .set = schema.effectiveListType {
                let oldItems = Set(a.map(\.jsonString))
                let newItems = Set(b.map(\.jsonString))
                for item in newItems.subtracting(oldItems) { changed.insert(path + [.value(item)]) }
                for item in oldItems.subtracting(newItems) { removed.insert(path + [.value(item)]) }
                return
            }
            let itemSchema = schema.element
            var oldByKey: [PathElement: Value] = [:]
            for item in a { if let k = schema.itemKey(item) { oldByKey[.key(k)] = item } }
            var seen: Set<PathElement> = []
            for item in b {
                guard let k = schema.itemKey(item) else {
                    if a != b { changed.insert(path) }
                    return
                }
                let pe = PathElement.key(k)
                seen.insert(pe)
                if let ov = oldByKey[pe] {
                    diff(ov, item, itemSchema, path + [pe], &changed, &removed)
                } else if case .object(let o) = item {
                    addedItem(o, key: k, schema, path, into: &changed)
                }
            }
            for (pe, ov) in oldByKey where !seen.contains(pe) {
                removed.insert(path + [pe])
                collect(ov, itemSchema, path + [pe], into: &removed)
            }
        default:
            if old != new, !isRoot { changed.insert(path) }
        }
    }
}
