import Manifests

/// A strategic merge patch (`application/strategic-merge-patch+json`) on a built-in object of
/// `kind`, as kubectl sends them (KUBE-API.md §4.3): a merge patch whose lists with a
/// `patchMergeKey` merge item by item, primitive lists such as `finalizers` merge as sets, and
/// the directives `$patch: replace|delete|merge`, `$retainKeys`, `$setElementOrder/<field>` and
/// `$deleteFromPrimitiveList/<field>` are honoured; `null` deletes a field.
///
/// - Throws: `PatchError` for a patch that is not an object, an unknown `$patch` value or a
///   list item without its merge key.
func strategicMergePatch(_ target: Value, _ patch: Value, kind: String) throws(PatchError) -> Value {
    guard case .object(let p) = patch else {
        throw PatchError(
            message: "json: cannot unmarshal \(patch.jsonTypeName) into Go value of type map[string]interface {}")
    }
    let schema = MergeSchema.forKind(kind)
    return try StrategicMerge.mergeMap(target.objectValue ?? ObjectValue(), p, schema: schema).map(Value.object)
        ?? .object(ObjectValue())
}

extension Value {
    /// The JSON type name, for error messages.
    var jsonTypeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

private enum StrategicMerge {
    static let setOrderPrefix = "$setElementOrder/"
    static let deletePrimitivePrefix = "$deleteFromPrimitiveList/"

    /// Merges `patch` into `original`; `nil` means the map is deleted (`$patch: delete`).
    static func mergeMap(_ original: ObjectValue, _ patch: ObjectValue, schema: MergeSchema) throws(PatchError)
        -> ObjectValue?
    {
        var patch = patch
        if let directive = patch["$patch"] {
            patch["$patch"] = nil
            switch directive.stringValue {
            case "replace": return try mergeMap(ObjectValue(), patch, schema: schema)
            case "delete": return nil
            case "merge": break
            default:
                throw PatchError(
                    message: "Unknown patch type: \(directive.jsonString) in map: \(Value.object(patch).jsonString)")
            }
        }
        var result = original
        var orders: [(String, [Value])] = []
        var retain: [String]?
        for (key, value) in patch {
            if key == "$retainKeys" {
                retain = value.arrayValue?.compactMap(\.stringValue) ?? []
            } else if key.hasPrefix(setOrderPrefix) {
                orders.append((String(key.dropFirst(setOrderPrefix.count)), value.arrayValue ?? []))
            } else if key.hasPrefix(deletePrimitivePrefix) {
                let field = String(key.dropFirst(deletePrimitivePrefix.count))
                let doomed = value.arrayValue ?? []
                if let items = result[field]?.arrayValue {
                    let kept = items.filter { !doomed.contains($0) }
                    result[field] = kept.isEmpty ? Value?.none : .array(kept)
                }
            } else if value.isNull {
                result[key] = nil
            } else {
                result[key] = try mergeValue(result[key], value, schema: schema.child(key))
            }
        }
        if let retain {
            for key in result.keys where !retain.contains(key) && patch[key] == nil { result[key] = nil }
        }
        for (field, order) in orders {
            guard let items = result[field]?.arrayValue else { continue }
            result[field] = .array(reorder(items, by: order, schema: schema.child(field)))
        }
        return result
    }

    static func mergeValue(_ original: Value?, _ patch: Value, schema: MergeSchema) throws(PatchError) -> Value? {
        switch patch {
        case .object(let p):
            return try mergeMap(original?.objectValue ?? ObjectValue(), p, schema: schema).map(Value.object)
        case .array(let items):
            return try mergeList(original?.arrayValue, items, schema: schema)
        default:
            return patch
        }
    }

    static func mergeList(_ original: [Value]?, _ patch: [Value], schema: MergeSchema) throws(PatchError) -> Value? {
        var patch = patch
        if let i = patch.firstIndex(where: { $0["$patch"]?.stringValue == "replace" && $0.objectValue?.count == 1 }) {
            patch.remove(at: i)
            return .array(
                try patch.map { v throws(PatchError) in try mergeValue(nil, v, schema: schema.element) ?? .null })
        }
        if let key = schema.patchMergeKey {
            var result = original ?? []
            for item in patch {
                guard case .object(var o) = item else {
                    result.append(item)
                    continue
                }
                guard let keyValue = o[key] else {
                    throw PatchError(message: "map: \(item.jsonString) does not contain declared merge key: \(key)")
                }
                let existing = result.firstIndex { $0[key] == keyValue }
                if o["$patch"]?.stringValue == "delete" {
                    if let existing { result.remove(at: existing) }
                    continue
                }
                if let existing, case .object(let old) = result[existing] {
                    if let merged = try mergeMap(old, o, schema: schema.element) {
                        result[existing] = .object(merged)
                    } else {
                        result.remove(at: existing)
                    }
                } else {
                    o["$patch"] = nil
                    if let fresh = try mergeMap(ObjectValue(), o, schema: schema.element) {
                        result.append(.object(fresh))
                    }
                }
            }
            return .array(result)
        }
        if schema.mergesPrimitives {
            var result = original ?? []
            for item in patch where !result.contains(item) { result.append(item) }
            return .array(result)
        }
        return .array(patch.map(stripDirectives))
    }

    /// Orders `items` as `$setElementOrder` lists them; items it does not name keep their place
    /// after the named ones.
    static func reorder(_ items: [Value], by order: [Value], schema: MergeSchema) -> [Value] {
        func matches(_ item: Value, _ entry: Value) -> Bool {
            if let key = schema.patchMergeKey { return item[key] != nil && item[key] == entry[key] }
            return item == entry
        }
        var remaining = items
        var sorted: [Value] = []
        for entry in order {
            if let i = remaining.firstIndex(where: { matches($0, entry) }) { sorted.append(remaining.remove(at: i)) }
        }
        return sorted + remaining
    }

    static func stripDirectives(_ value: Value) -> Value {
        switch value {
        case .object(let o):
            return .object(ObjectValue(o.filter { !$0.key.hasPrefix("$") }.map { ($0.key, stripDirectives($0.value)) }))
        case .array(let a):
            return .array(a.map(stripDirectives))
        default:
            return value
        }
    }
}
