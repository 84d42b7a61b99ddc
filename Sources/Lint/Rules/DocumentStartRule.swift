import Manifests

/// Documents must begin with `---` (`present: true`) or must not (`present: false`).
enum DocumentStartRule {
    @Sendable static func check(_ file: LintFile, _ options: RuleOptions) -> [Finding] {
        let present = options.bool("present", default: true)
        var out: [Finding] = []
        for doc in file.documents {
            if present, !doc.explicitStart, doc.root != nil {
                out.append(
                    file.finding(
                        "document-start", doc.root?.start ?? doc.start, "missing document start \"---\""))
            } else if !present, doc.explicitStart {
                out.append(file.finding("document-start", doc.start, "found forbidden document start \"---\""))
            }
        }
        return out
    }
}
