import Manifests

/// One YAML rule: an id, its default level (`nil`: off unless configured) and a pure check.
struct YAMLRule: Sendable {
    let id: String
    let defaultLevel: Finding.Level?
    /// The level when a configuration turns on a rule that is off by default.
    let enabledLevel: Finding.Level
    let check: @Sendable (LintFile, RuleOptions) -> [Finding]

    /// Every YAML rule, in the order their findings are produced.
    ///
    /// Names and options follow yamllint where they mean the same. Deliberate differences:
    /// errors block a sync, so cosmetic rules default to `warning` (yamllint: error) and
    /// `line-length` and `document-start` are off; `truthy` also flags `y`/`n` (go-yaml v2, and so
    /// Kubernetes, reads them as booleans) and checks values only unless `check-keys: true`;
    /// `tabs` (not in yamllint) names a tab in the indentation, which libyaml only reports as
    /// "found character that cannot start any token".
    static let all: [YAMLRule] = [
        YAMLRule(id: "syntax", defaultLevel: .error, enabledLevel: .error, check: SyntaxRule.check),
        YAMLRule(id: "tabs", defaultLevel: .warning, enabledLevel: .warning, check: LineRules.tabs),
        YAMLRule(
            id: "trailing-spaces", defaultLevel: .warning, enabledLevel: .warning, check: LineRules.trailingSpaces),
        YAMLRule(
            id: "new-line-at-end-of-file", defaultLevel: .warning, enabledLevel: .warning,
            check: LineRules.newLineAtEndOfFile),
        YAMLRule(id: "line-length", defaultLevel: nil, enabledLevel: .warning, check: LineRules.lineLength),
        YAMLRule(id: "document-start", defaultLevel: nil, enabledLevel: .warning, check: DocumentStartRule.check),
        YAMLRule(id: "key-duplicates", defaultLevel: .error, enabledLevel: .error, check: KeyDuplicatesRule.check),
        YAMLRule(id: "indentation", defaultLevel: .warning, enabledLevel: .warning, check: IndentationRule.check),
        YAMLRule(id: "truthy", defaultLevel: .warning, enabledLevel: .warning, check: TruthyRule.check),
        YAMLRule(id: "empty-values", defaultLevel: nil, enabledLevel: .warning, check: EmptyValuesRule.check),
    ]
}

extension LintFile {
    /// A finding of `rule` at a position; the linter sets the level.
    func finding(_ rule: String, _ mark: Mark, _ message: String, hint: String? = nil) -> Finding {
        Finding(file: path, at: mark, level: .error, rule: rule, message: message, hint: hint)
    }

    /// Calls `visit` on every node of every document in document order, skipping the insides
    /// of alias expansions (their positions belong to the anchor).
    func walk(_ visit: (Node) -> Void) {
        func go(_ node: borrowing Node) {
            visit(node)
            if node.alias != nil { return }
            switch node.kind {
            case .scalar: break
            case .sequence(let items, _):
                for i in items.indices { go(items[i]) }
            case .mapping(let pairs, _):
                for i in pairs.indices {
                    go(pairs[i].key)
                    go(pairs[i].value)
                }
            }
        }
        for i in documents.indices {
            if let root = documents[i].root { go(root) }
        }
    }
}
