import Manifests

/// Checks one object's node tree against a schema and collects every violation (it does not
/// stop at the first), each at the line and column of the offending key or value.
///
/// Unknown fields get a hint: a field that belongs to a neighbouring object is reported with
/// the indentation that was probably meant (see `SchemaValidator+Hints.swift`); otherwise a
/// close spelling among the known fields.
struct SchemaValidator {
    /// An enclosing mapping with its schema: where misplaced fields may belong.
    struct Frame {
        var schema: SchemaNode
        var mapping: Node
        /// The key whose value is `mapping` (`nil` at the root or for list items).
        var key: Node?
        var pathCount: Int
    }

    let store: SchemaStore
    let version: KubernetesVersion
    /// The file's text, to spot a commented-out parent key; empty when unknown.
    let text: String
    /// Called for every nested ObjectMeta (pod templates …), so label rules see them too.
    var onObjectMeta: ((Node) -> Void)?

    private(set) var violations: [SchemaViolation] = []
    var path: [PathStep] = []
    var frames: [Frame] = []

    init(store: SchemaStore, version: KubernetesVersion, text: String = "") {
        self.store = store
        self.version = version
        self.text = text
    }

    mutating func report(_ mark: Mark, _ message: String, hint: String? = nil) {
        violations.append(SchemaViolation(mark: mark, message: message, hint: hint))
    }

    var pathText: String { PathStep.render(path) }

    func resolve(_ link: SchemaLink) -> SchemaNode { store.resolve(link, version: version) }

    /// Validates `node` against `schema`; `key` is the mapping key that holds `node`, if any.
    mutating func validate(_ node: Node, _ schema: SchemaNode, key: Node?) {
        if node.isNull { return }
        switch schema.kind {
        case .any:
            return
        case .object:
            guard node.pairs != nil else { return typeMismatch(node, expected: "an object") }
            validateObject(node, schema, key: key)
        case .array:
            guard let items = node.items else {
                let commented = node.pairs?.first?.key.scalar.flatMap {
                    commentedOutSibling(holding: $0, below: key, in: frames.last?.schema, before: node.start.line)
                }
                let hint = commented.map { "\($0.0); \($0.1 ?? "")" } ?? listHint(node, schema)
                return typeMismatch(node, expected: "a list", hint: hint)
            }
            validateArray(node, items, schema)
        case .string, .integer, .number, .boolean, .intOrString, .quantity:
            validateScalar(node, schema)
        }
    }

    private mutating func validateObject(_ node: Node, _ schema: SchemaNode, key: Node?) {
        let pairs = node.pairs ?? []
        let isMeta = schema.isObjectMeta
        if isMeta, path.count > 1 { onObjectMeta?(node) }
        frames.append(Frame(schema: schema, mapping: node, key: key, pathCount: path.count))
        defer { frames.removeLast() }
        for (index, pair) in pairs.enumerated() {
            guard let name = pair.key.scalar else { continue }
            if name == "<<" { continue }
            if isMeta, name == "labels" || name == "annotations" { continue }
            if let link = schema.properties[name] {
                path.append(.key(name))
                validate(pair.value, resolve(link), key: pair.key)
                path.removeLast()
                continue
            }
            switch schema.additional {
            case .open:
                continue
            case .schema(let link):
                let valueSchema = resolve(link)
                path.append(.key(name))
                // An object where a map holds plain values, named like a field of an enclosing
                // object (`metadata:` indented into ConfigMap `data`): a misplaced block.
                if pair.value.pairs != nil || pair.value.items != nil, Self.isScalar(valueSchema),
                    let (message, hint) = indentedIntoChild(name, pair)
                {
                    report(
                        pair.key.start, "\(pathText): expected \(Self.expectedName(valueSchema)); \(message)",
                        hint: hint)
                } else {
                    validate(pair.value, valueSchema, key: pair.key)
                }
                path.removeLast()
            case .closed:
                unknownField(pair, at: index, in: node, schema)
            }
        }
        // A merge key (`<<: *defaults`) may supply required fields: only its anchor knows.
        let hasMerge = pairs.contains { $0.key.scalar == "<<" }
        for required in schema.required where !hasMerge && node[required] == nil {
            let owner = key ?? node
            let what = schema.name.map { " in \($0)" } ?? (path.isEmpty ? "" : " in \(pathText)")
            report(owner.start, "missing required field \"\(required)\"\(what)")
        }
    }

    /// How to write a list when a map or a scalar was given (`env: {A: b}`, `command: "sh -c …"`).
    private func listHint(_ node: Node, _ schema: SchemaNode) -> String? {
        let items = schema.items.map(resolve)
        if let pairs = node.pairs, let first = pairs.first?.key.scalar, let items, items.kind == .object {
            if items.properties["name"] != nil, items.properties["value"] != nil {
                return "write one entry per variable: \"- name: \(first)\" with \"value: …\" under it"
            }
            if items.properties["name"] != nil { return "write one entry per item, each starting with \"- name: …\"" }
            return "start each entry with \"- \""
        }
        if let text = node.scalar, items?.kind == .string {
            let words = text.split(separator: " ").map { "\"\($0)\"" }.joined(separator: ", ")
            return "write it as a list, e.g. [\(words)]"
        }
        return nil
    }

    static func isScalar(_ schema: SchemaNode) -> Bool {
        switch schema.kind {
        case .string, .integer, .number, .boolean, .intOrString, .quantity: return true
        case .any, .object, .array: return false
        }
    }

    private mutating func validateArray(_ node: Node, _ items: [Node], _ schema: SchemaNode) {
        let itemSchema = schema.items.map(resolve) ?? .anything
        for (i, item) in items.enumerated() {
            path.append(.index(i))
            validate(item, itemSchema, key: nil)
            path.removeLast()
        }
        if !schema.listMapKeys.isEmpty {
            checkUniqueKeys(items, keys: schema.listMapKeys)
        } else if schema.isSet {
            var seen: [String: Node] = [:]
            for item in items {
                guard let text = item.scalar else { continue }
                if let first = seen[text] {
                    report(item.start, "duplicate value \"\(text)\" in \(pathText); first at line \(first.start.line)")
                } else {
                    seen[text] = item
                }
            }
        }
    }

    /// Items of a list-map must differ in their keys (`name` of containers, env, volumes …):
    /// the API server rejects duplicates, and a patch would merge them.
    private mutating func checkUniqueKeys(_ items: [Node], keys: [String]) {
        var entries: [(values: [String], node: Node)] = []
        entries.reserveCapacity(items.count)
        for item in items {
            var values: [String] = []
            values.reserveCapacity(keys.count)
            for key in keys {
                guard let text = item[key]?.scalar else { break }
                values.append(text)
            }
            if values.count == keys.count { entries.append((values, item)) }
        }
        guard entries.count > 1 else { return }
        // Most lists are short: comparing pairs beats hashing arrays of strings.
        var seen: [[String]: Node] = [:]
        let long = entries.count > 32
        for i in entries.indices {
            let earlier = long ? seen[entries[i].values] : entries[..<i].first { $0.values == entries[i].values }?.node
            if long, earlier == nil { seen[entries[i].values] = entries[i].node }
            guard let first = earlier else { continue }
            let described = zip(keys, entries[i].values).map { "\($0) \"\($1)\"" }.joined(separator: ", ")
            let at = entries[i].node.pair(keys[0])?.value.start ?? entries[i].node.start
            report(at, "duplicate entry in \(pathText) with \(described); the first is at line \(first.start.line)")
        }
    }
}
