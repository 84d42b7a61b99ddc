import Manifests

/// One changed field between two versions of an object: `spec.replicas: 2 → 3`.
public struct FieldChange: Sendable, Equatable, CustomStringConvertible {
    /// A path such as `spec.template.spec.containers[name=web].image` or
    /// `metadata.labels["app.kubernetes.io/name"]`.
    public var path: String
    /// The value before, `nil` when the field was added.
    public var old: Value?
    /// The value after, `nil` when the field was removed.
    public var new: Value?

    /// A change of `path` from `old` to `new`.
    public init(path: String, old: Value?, new: Value?) {
        self.path = path
        self.old = old
        self.new = new
    }

    /// `spec.replicas: 2 → 3`, with `(none)` for a missing side.
    public var description: String {
        "\(path): \(FieldChange.render(old)) → \(FieldChange.render(new))"
    }

    static func render(_ value: Value?) -> String {
        guard let value else { return "(none)" }
        if case .string(let s) = value { return s.contains("\n") ? value.jsonString : s }
        return value.jsonString
    }

    /// The fields that differ between `old` and `new`, in the order of `new` (removed fields
    /// last at each level). List items are paired by `name` when every item has a unique one.
    public static func changes(from old: Value?, to new: Value?) -> [FieldChange] {
        var out: [FieldChange] = []
        collect(old, new, path: "", into: &out)
        return out
    }

    static func collect(_ old: Value?, _ new: Value?, path: String, into out: inout [FieldChange]) {
        if old == new { return }
        switch (old, new) {
        case (.object(let a)?, .object(let b)?):
            for (key, value) in b { collect(a[key], value, path: join(path, key), into: &out) }
            for (key, value) in a where b[key] == nil { collect(value, nil, path: join(path, key), into: &out) }
        case (.array(let a)?, .array(let b)?):
            if let byName = pairByName(a, b) {
                let before = out.count
                for (name, pair) in byName {
                    collect(pair.old, pair.new, path: "\(path)[name=\(name)]", into: &out)
                }
                // Same items in another order (env order matters for $(VAR) references).
                if out.count == before { out.append(FieldChange(path: path, old: old, new: new)) }
            } else if a.count == b.count {
                for i in a.indices { collect(a[i], b[i], path: "\(path)[\(i)]", into: &out) }
            } else {
                out.append(FieldChange(path: path, old: old, new: new))
            }
        default:
            out.append(FieldChange(path: path, old: old, new: new))
        }
    }

    /// Pairs items of two lists by their `name`, in the order of `new` then removed ones, or
    /// `nil` when some item has no name or a name appears twice.
    static func pairByName(_ old: [Value], _ new: [Value]) -> [(String, (old: Value?, new: Value?))]? {
        func names(_ items: [Value]) -> [String]? {
            let names = items.compactMap { $0["name"]?.stringValue }
            guard names.count == items.count, Set(names).count == names.count else { return nil }
            return names
        }
        guard let oldNames = names(old), let newNames = names(new), !(old.isEmpty && new.isEmpty) else { return nil }
        var pairs: [(String, (old: Value?, new: Value?))] = []
        for (i, name) in newNames.enumerated() {
            pairs.append((name, (oldNames.firstIndex(of: name).map { old[$0] }, new[i])))
        }
        for (i, name) in oldNames.enumerated() where !newNames.contains(name) {
            pairs.append((name, (old[i], nil)))
        }
        return pairs
    }

    static func join(_ path: String, _ key: String) -> String {
        let plain =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy { c in
                ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
            }
        if plain { return path.isEmpty ? key : "\(path).\(key)" }
        return "\(path)[\(Value.string(key).jsonString)]"
    }
}
