import Manifests

/// Two equal scalar keys in one mapping: Kubernetes silently keeps the last one.
enum KeyDuplicatesRule {
    @Sendable static func check(_ file: LintFile, _ options: RuleOptions) -> [Finding] {
        var out: [Finding] = []
        file.walk { node, _ in
            guard case .mapping(let pairs, _) = node.kind, pairs.count > 1 else { return }
            var first: [String: Node] = [:]
            for pair in pairs {
                guard let key = pair.key.scalar else { continue }
                if pair.key.style == .plain, key == "<<" { continue }
                if let earlier = first[key] {
                    out.append(
                        file.finding(
                            "key-duplicates", pair.key.start,
                            "duplication of key \"\(key)\" in mapping (first at line \(earlier.start.line))",
                            hint: "Kubernetes keeps only the last value; remove or merge one of them"))
                } else {
                    first[key] = pair.key
                }
            }
        }
        return out
    }
}

/// Plain values that Kubernetes reads as booleans although they may be meant as words.
enum TruthyRule {
    /// The YAML 1.1 words go-yaml v2 reads as booleans (yamllint's list plus `y`/`n`).
    static let words: Set<String> = [
        "YES", "Yes", "yes", "NO", "No", "no", "TRUE", "True", "true", "FALSE", "False", "false",
        "ON", "On", "on", "OFF", "Off", "off", "y", "Y", "n", "N",
    ]

    @Sendable static func check(_ file: LintFile, _ options: RuleOptions) -> [Finding] {
        let allowed = Set(options.strings("allowed-values", default: ["true", "false"]))
        let checkKeys = options.bool("check-keys", default: false)
        let shown = allowed.sorted().joined(separator: ", ")
        var out: [Finding] = []
        func inspect(_ node: Node, isKey: Bool) {
            guard case .scalar(let text, .plain) = node.kind, node.tag == nil, node.alias == nil,
                words.contains(text), !allowed.contains(text)
            else { return }
            let reads = ScalarResolver.boolean(text) == true ? "true" : "false"
            let what = isKey ? "truthy key" : "truthy value"
            out.append(
                file.finding(
                    "truthy", node.start, "\(what) should be one of [\(shown)]",
                    hint: "Kubernetes reads \(text) as the boolean \(reads); write \(reads), or quote it (\"\(text)\")"
                        + " if you mean the word"))
        }
        file.walk { node, _ in
            switch node.kind {
            case .mapping(let pairs, _):
                for pair in pairs {
                    if checkKeys { inspect(pair.key, isKey: true) }
                    inspect(pair.value, isKey: false)
                }
            case .sequence(let items, _):
                for item in items { inspect(item, isKey: false) }
            case .scalar:
                break
            }
        }
        for doc in file.documents {
            if let root = doc.root, root.scalar != nil { inspect(root, isKey: false) }
        }
        return out
    }
}
