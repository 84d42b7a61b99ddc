import Manifests

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
        func inspect(_ text: String, _ node: borrowing Node, isKey: Bool) {
            guard text.utf8.count <= 5, node.tag == nil, words.contains(text), !allowed.contains(text) else { return }
            let reads = ScalarResolver.boolean(text) == true ? "true" : "false"
            let what = isKey ? "truthy key" : "truthy value"
            out.append(
                file.finding(
                    "truthy", node.start, "\(what) should be one of [\(shown)]",
                    hint: "Kubernetes reads \(text) as the boolean \(reads); write \(reads), or quote it (\"\(text)\")"
                        + " if you mean the word"))
        }
        func go(_ node: borrowing Node, isKey: Bool) {
            guard node.alias == nil else { return }
            switch node.kind {
            case .scalar(let text, let style):
                if style == .plain, !isKey || checkKeys { inspect(text, node, isKey: isKey) }
            case .sequence(let items, _):
                for i in items.indices { go(items[i], isKey: false) }
            case .mapping(let pairs, _):
                for i in pairs.indices {
                    go(pairs[i].key, isKey: true)
                    go(pairs[i].value, isKey: false)
                }
            }
        }
        for i in file.documents.indices {
            if let root = file.documents[i].root { go(root, isKey: false) }
        }
        return out
    }
}
