extension Node {
    /// The JSON-like value of this node, as Kubernetes would read it (see `ScalarResolver`).
    ///
    /// - Mapping keys become strings the way sigs.k8s.io/yaml converts them: `true`/`false` for
    ///   boolean keys (so `on:` becomes `"true"`), decimal text for integers; a null, sequence or
    ///   mapping key is an error.
    /// - Duplicate keys: the last one wins (lint reports duplicates).
    /// - Merge keys (`<<: *base`, or a list of them) are applied; explicit keys win.
    /// - Tags: `!!str`, `!!int`, `!!float`, `!!bool`, `!!null` force the type; other tags
    ///   (including `!!binary` and custom ones) keep the text as a string.
    /// - Throws: `YAMLError` (`code: .value`) with the node's position.
    public func toValue(path: String = "") throws(YAMLError) -> Value {
        switch kind {
        case .scalar(let text, let style):
            return try scalarValue(text, style: style, path: path)
        case .sequence(let items, _):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try item.toValue(path: path)) }
            return .array(out)
        case .mapping(let pairs, _):
            var object = ObjectValue()
            var merges: [Node] = []
            // Large mappings (ConfigMaps) check duplicates by hash instead of a linear scan.
            var seen: Set<String>? = pairs.count > 16 ? Set(minimumCapacity: pairs.count) : nil
            for pair in pairs {
                if case .scalar("<<", .plain) = pair.key.kind, pair.key.tag == nil {
                    merges.append(pair.value)
                    continue
                }
                let key = try pair.key.keyString(path: path)
                let value = try pair.value.toValue(path: path)
                if seen?.insert(key).inserted == true {
                    object.appendUnchecked(key, value)
                } else {
                    object[key] = value
                }
            }
            if !merges.isEmpty { try applyMerges(merges, into: &object, path: path) }
            return .object(object)
        }
    }

    private func applyMerges(_ merges: [Node], into object: inout ObjectValue, path: String) throws(YAMLError) {
        var sources: [Node] = []
        for m in merges {
            if case .sequence(let items, _) = m.kind { sources.append(contentsOf: items) } else { sources.append(m) }
        }
        // Explicit keys win; among merged maps, the earlier one wins (YAML merge-key spec).
        var merged = ObjectValue()
        for source in sources {
            guard case .object(let o) = try source.toValue(path: path) else {
                throw YAMLError(
                    code: .value, message: "a merge key (<<) needs a mapping or a list of mappings", path: path,
                    mark: source.start)
            }
            for (k, v) in o where merged[k] == nil { merged.appendUnchecked(k, v) }
        }
        var result = ObjectValue()
        for (k, v) in merged where object[k] == nil { result.appendUnchecked(k, v) }
        for (k, v) in object { result.appendUnchecked(k, v) }
        object = result
    }

    private func keyString(path: String) throws(YAMLError) -> String {
        guard case .scalar(let text, let style) = kind else {
            throw YAMLError(
                code: .value, message: "a sequence or mapping used as a mapping key has no JSON form", path: path,
                mark: start)
        }
        switch try scalarValue(text, style: style, path: path) {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d):
            if d.isNaN { return ".nan" }
            if d.isInfinite { return d > 0 ? ".inf" : "-.inf" }
            if d.rounded() == d, abs(d) < 1e15 { return String(Int(d)) }
            return String(d)
        case .null:
            throw YAMLError(
                code: .value, message: "a null mapping key has no JSON form; quote it (\"\") if meant", path: path,
                mark: start)
        default:
            return text
        }
    }

    private func scalarValue(_ text: String, style: ScalarStyle, path: String) throws(YAMLError) -> Value {
        guard let tag else {
            return style == .plain ? ScalarResolver.resolvePlain(text) : .string(text)
        }
        let failure = YAMLError(
            code: .value, message: "'\(text)' is not a valid \(Node.shortTag(tag))", path: path, mark: start)
        switch tag {
        case "tag:yaml.org,2002:str", "!":
            return .string(text)
        case "tag:yaml.org,2002:null":
            return .null
        case "tag:yaml.org,2002:bool":
            guard let b = ScalarResolver.boolean(text) else { throw failure }
            return .bool(b)
        case "tag:yaml.org,2002:int":
            guard case .int(let i) = ScalarResolver.resolvePlain(text) else { throw failure }
            return .int(i)
        case "tag:yaml.org,2002:float":
            switch ScalarResolver.resolvePlain(text) {
            case .int(let i): return .double(Double(i))
            case .double(let d): return .double(d)
            default: throw failure
            }
        default:
            return .string(text)
        }
    }

    static func shortTag(_ tag: String) -> String {
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }
}

/// Parses a YAML stream into the values of its non-empty documents (documents that are empty
/// or `null` are skipped), as Kubernetes reads them.
///
/// ```swift
/// let objects = try decodeYAMLObjects(text, path: "deploy.yaml")
/// ```
/// - Throws: `YAMLError` for syntax, encoding, limit or value problems, with position.
public func decodeYAMLObjects(_ text: String, path: String = "") throws(YAMLError) -> [Value] {
    try values(of: parseYAML(text, path: path), path: path)
}

/// Raw-bytes form of `decodeYAMLObjects(_:path:)`.
public func decodeYAMLObjects(bytes: [UInt8], path: String = "") throws(YAMLError) -> [Value] {
    try values(of: parseYAML(bytes: bytes, path: path), path: path)
}

private func values(of documents: [YAMLDocument], path: String) throws(YAMLError) -> [Value] {
    var out: [Value] = []
    out.reserveCapacity(documents.count)
    for doc in documents {
        guard let root = doc.root else { continue }
        let value = try root.toValue(path: path)
        if !value.isNull { out.append(value) }
    }
    return out
}
