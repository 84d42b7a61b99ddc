import Manifests

/// Unknown fields: find where the field was probably meant to go.
///
/// YAML that parses can still put a key under the wrong parent. Before falling back to "did you
/// mean", look for a nearby object whose type has exactly this field:
/// 1. the preceding sibling's value (or the last item of a preceding list): the key was
///    dedented out of it — "indented N spaces too little";
/// 2. an enclosing object: the key was indented into a child — "N spaces too much";
/// 3. a field of this object whose type has the key: a parent key is missing or commented out.
extension SchemaValidator {
    private static let indentUnit = 2

    mutating func unknownField(_ pair: Node.Pair, at index: Int, in mapping: Node, _ schema: SchemaNode) {
        let name = pair.key.scalar ?? ""
        let owner = schema.name ?? PathStep.render(path)
        let base = "unknown field \"\(name)\" in \(owner)"
        if let (message, hint) = dedentedFromSibling(name, pair, index, mapping, schema)
            ?? commentedOutSibling(
                holding: name, below: frames.last?.key, in: frames.dropLast().last?.schema, before: pair.key.start.line)
            ?? indentedIntoChild(name, pair) ?? missingParent(name, pair, schema)
        {
            return report(pair.key.start, "\(base); \(message)", hint: hint)
        }
        if let close = EditDistance.closest(to: name, in: schema.properties.keys) {
            return report(pair.key.start, "\(base); did you mean \"\(close)\"?")
        }
        report(pair.key.start, base, hint: "remove it, or check the field names of \(owner) in the API reference")
    }

    private static func spaces(_ n: Int) -> String { n == 1 ? "1 space" : "\(n) spaces" }

    private static func tooLittle(_ n: Int) -> String { "indented \(spaces(n)) too little?" }

    private static func indentLine(_ pair: Node.Pair, to column: Int) -> String {
        "indent line \(pair.key.start.line) (and the lines under it) to column \(column)"
    }

    /// The column of a mapping's keys, or where keys under `key` would go if it has none.
    private static func childColumn(of value: Node, key: Node) -> Int {
        if let first = value.pairs?.first { return first.key.start.column }
        return key.start.column + indentUnit
    }

    private func dedentedFromSibling(
        _ name: String, _ pair: Node.Pair, _ index: Int, _ mapping: Node, _ schema: SchemaNode
    ) -> (String, String?)? {
        guard index > 0, let pairs = mapping.pairs, !mapping.isFlow else { return nil }
        let previous = pairs[index - 1]
        guard let previousName = previous.key.scalar, let link = schema.properties[previousName] else { return nil }
        let target = resolve(link)
        let column = pair.key.start.column
        switch target.kind {
        case .object where target.properties[name] != nil:
            guard previous.value.isNull || previous.value.pairs != nil else { return nil }
            let wanted = Self.childColumn(of: previous.value, key: previous.key)
            guard wanted > column else { return nil }
            let typeName = target.name ?? previousName
            return (
                "it is a field of \(previousName) (\(typeName)) — \(Self.tooLittle(wanted - column))",
                "\(Self.indentLine(pair, to: wanted)), under \"\(previousName)\" at line \(previous.key.start.line)"
            )
        case .array:
            guard let items = target.items.map(resolve), items.kind == .object, items.properties[name] != nil
            else { return nil }
            let wanted: Int
            let intoLine: Int
            if let last = previous.value.items?.last {
                guard let firstKey = last.pairs?.first?.key else { return nil }
                wanted = firstKey.start.column
                intoLine = last.start.line
            } else if previous.value.isNull {
                wanted = previous.key.start.column + Self.indentUnit + 2
                intoLine = previous.key.start.line
            } else {
                return nil
            }
            guard wanted > column else { return nil }
            let itemName = items.name ?? "\(previousName)[]"
            return (
                "it is a field of \(previousName)[] (\(itemName)) — \(Self.tooLittle(wanted - column))",
                "\(Self.indentLine(pair, to: wanted)), into the \(previousName) item at line \(intoLine)"
            )
        default:
            return nil
        }
    }

    func indentedIntoChild(_ name: String, _ pair: Node.Pair) -> (String, String?)? {
        let column = pair.key.start.column
        for frame in frames.dropLast().reversed() where frame.schema.properties[name] != nil {
            guard let wanted = frame.mapping.pairs?.first?.key.start.column, wanted < column, !frame.mapping.isFlow
            else { continue }
            let owner = frame.key?.scalar ?? PathStep.render(Array(path.prefix(frame.pathCount)))
            let typeName = frame.schema.name ?? owner
            let field = frame.pathCount == 0 ? "a top-level field of \(typeName)" : "a field of \(owner) (\(typeName))"
            let already = frame.mapping[name] != nil ? " (which already has one)" : ""
            return (
                "it is \(field)\(already) — indented \(Self.spaces(column - wanted)) too much?",
                "move line \(pair.key.start.line) (and the lines under it) left to column \(wanted)"
            )
        }
        return nil
    }

    private func missingParent(_ name: String, _ pair: Node.Pair, _ schema: SchemaNode) -> (String, String?)? {
        var parents: [String] = []
        for (field, link) in schema.properties {
            let node = resolve(link)
            let holder = node.kind == .array ? node.items.map(resolve) : node
            if let holder, holder.kind == .object, holder.properties[name] != nil { parents.append(field) }
        }
        guard parents.count == 1, let parent = parents.first else { return nil }
        var hint = "add the missing \"\(parent):\" line above it"
        if let line = commentedOutKey(parent, before: pair.key.start.line) {
            hint = "line \(line) has \"\(parent):\" commented out; uncomment it"
        }
        return ("it is a field of \(parent) — is the \"\(parent):\" key missing or commented out?", hint)
    }

    /// A key commented out between `owner` and `line` whose type has `field`: the lines that
    /// belonged to it now sit under `owner`.
    func commentedOutSibling(holding field: String, below owner: Node?, in parent: SchemaNode?, before line: Int)
        -> (String, String?)?
    {
        guard let owner, let ownerName = owner.scalar, let parent, !text.isEmpty else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var n = owner.start.line + 1
        while n < line, n <= lines.count {
            let body = lines[n - 1].drop { $0 == " " || $0 == "\t" }
            if body.hasPrefix("#") {
                let key = body.drop { $0 == "#" || $0 == " " }.prefix { $0 != ":" }
                if body.contains(":"), let link = parent.properties[String(key)] {
                    let node = resolve(link)
                    let holder = node.kind == .array ? node.items.map(resolve) : node
                    if let holder, holder.kind == .object, holder.properties[field] != nil {
                        let message = "it is a field of \(key), whose key is commented out at line \(n), "
                        return (
                            message + "so its lines landed under \"\(ownerName)\"", "uncomment line \(n) (\"\(key):\")"
                        )
                    }
                }
            }
            n += 1
        }
        return nil
    }

    /// A line shortly above `line` that reads `# parent:` (a parent key commented out).
    private func commentedOutKey(_ key: String, before line: Int) -> Int? {
        guard !text.isEmpty else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var n = min(line - 1, lines.count)
        let stop = max(1, line - 6)
        while n >= stop {
            let text = lines[n - 1].drop { $0 == " " || $0 == "\t" }
            if text.hasPrefix("#") {
                let body = text.drop { $0 == "#" || $0 == " " }
                if body.hasPrefix(key + ":") || body.hasPrefix("- " + key + ":") { return n }
            }
            n -= 1
        }
        return nil
    }
}
