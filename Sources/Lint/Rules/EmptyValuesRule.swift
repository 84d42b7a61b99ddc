import Manifests

/// Keys or list items with nothing after them, which read as null.
enum EmptyValuesRule {
    @Sendable static func check(_ file: LintFile, _ options: RuleOptions) -> [Finding] {
        let inBlockMappings = options.bool("forbid-in-block-mappings", default: true)
        let inFlowMappings = options.bool("forbid-in-flow-mappings", default: true)
        let inBlockSequences = options.bool("forbid-in-block-sequences", default: true)
        var out: [Finding] = []
        file.walk { node in
            switch node.kind {
            case .mapping(let pairs, let flow):
                guard flow ? inFlowMappings : inBlockMappings else { return }
                for pair in pairs where isEmpty(pair.value) {
                    let what = flow ? "flow" : "block"
                    out.append(
                        file.finding(
                            "empty-values", pair.key.end, "empty value in \(what) mapping",
                            hint: "write null, \"\", [] or {} explicitly"))
                }
            case .sequence(let items, false) where inBlockSequences:
                for item in items where isEmpty(item) {
                    out.append(
                        file.finding(
                            "empty-values", item.start, "empty value in block sequence",
                            hint: "write null or \"\" explicitly"))
                }
            default:
                break
            }
        }
        return out
    }

    private static func isEmpty(_ node: Node) -> Bool {
        if case .scalar("", .plain) = node.kind, node.tag == nil, node.alias == nil { return true }
        return false
    }
}
