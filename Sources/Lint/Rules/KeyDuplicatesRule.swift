import Manifests

/// Two equal scalar keys in one mapping: Kubernetes silently keeps the last one.
enum KeyDuplicatesRule {
    @Sendable static func check(_ file: LintFile, _ options: RuleOptions) -> [Finding] {
        var out: [Finding] = []
        func report(_ key: String, _ node: borrowing Node, firstLine: Int) {
            out.append(
                file.finding(
                    "key-duplicates", node.start,
                    "duplication of key \"\(key)\" in mapping (first at line \(firstLine))",
                    hint: "Kubernetes keeps only the last value; remove or merge one of them"))
        }
        func checkPairs(_ pairs: borrowing [Node.Pair]) {
            if pairs.count > 12 {
                var first: [String: Int] = [:]
                for j in pairs.indices {
                    guard let key = comparableKey(pairs[j].key) else { continue }
                    if let line = first[key] {
                        report(key, pairs[j].key, firstLine: line)
                    } else {
                        first[key] = pairs[j].key.start.line
                    }
                }
                return
            }
            // Small mappings (nearly all): compare with the earlier keys, no allocation.
            for j in pairs.indices.dropFirst() {
                guard let key = comparableKey(pairs[j].key) else { continue }
                for i in 0..<j where comparableKey(pairs[i].key) == key {
                    report(key, pairs[j].key, firstLine: pairs[i].key.start.line)
                    break
                }
            }
        }
        func go(_ node: borrowing Node) {
            guard node.alias == nil else { return }
            switch node.kind {
            case .scalar:
                break
            case .sequence(let items, _):
                for i in items.indices { go(items[i]) }
            case .mapping(let pairs, _):
                if pairs.count > 1 { checkPairs(pairs) }
                for i in pairs.indices {
                    go(pairs[i].key)
                    go(pairs[i].value)
                }
            }
        }
        for i in file.documents.indices {
            if let root = file.documents[i].root { go(root) }
        }
        return out
    }

    /// A scalar key's text; `nil` for collection keys and for merge keys (`<<`).
    private static func comparableKey(_ key: borrowing Node) -> String? {
        guard case .scalar(let text, let style) = key.kind else { return nil }
        if style == .plain, text == "<<" { return nil }
        return text
    }
}
