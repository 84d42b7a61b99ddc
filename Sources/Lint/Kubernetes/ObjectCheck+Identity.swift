import Manifests

extension ObjectCheck {
    enum SchemaChoice {
        case builtin(SchemaNode)
        case custom(SchemaNode?)
        case none
    }

    /// `apiVersion` and `kind` present and strings; returns them when both are usable.
    mutating func checkIdentity(_ root: Node) -> (String, String)? {
        var apiVersion: String?
        var kind: String?
        if let pair = root.pair("apiVersion") {
            if let s = pair.value.scalar, pair.value.style != .plain || !pair.value.isNull, !s.isEmpty {
                apiVersion = s
                if !Self.isWellFormedAPIVersion(s) {
                    report(.apiVersion, pair.value.start, "apiVersion \"\(s)\" is not of the form [group/]version")
                    apiVersion = nil
                }
            } else {
                report(.apiVersion, pair.value.start, "apiVersion must be a non-empty string")
            }
        } else {
            let guess = root["kind"]?.scalar.flatMap(suggestedAPIVersion)
            report(
                .apiVersion, root.start, "missing apiVersion",
                hint: guess.map { "add \"apiVersion: \($0)\"" } ?? "add the apiVersion of the object's API group")
        }
        if let pair = root.pair("kind") {
            if let s = pair.value.scalar, !pair.value.isNull, !s.isEmpty {
                kind = s
            } else {
                report(.kind, pair.value.start, "kind must be a non-empty string")
            }
        } else {
            report(.kind, root.start, "missing kind", hint: "add the object's kind, e.g. \"kind: Deployment\"")
        }
        guard let apiVersion, let kind else { return nil }
        return (apiVersion, kind)
    }

    /// `version` or `group/version`, with no spaces.
    static func isWellFormedAPIVersion(_ s: String) -> Bool {
        var slashes = 0
        for c in s.utf8 {
            if c == UInt8(ascii: "/") { slashes += 1 } else if c == UInt8(ascii: " ") { return false }
        }
        return slashes <= 1 && s.utf8.first != UInt8(ascii: "/") && s.utf8.last != UInt8(ascii: "/")
    }

    /// The served `apiVersion` of a built-in kind in the target release, preferring stable.
    func suggestedAPIVersion(_ kind: String) -> String? {
        let served = store.apiVersions(ofKind: kind).filter { $0.isServed(in: schemaVersion) }
        return served.min { Self.stability($0.apiVersion) < Self.stability($1.apiVersion) }?.apiVersion
    }

    /// Sorts stable before beta before alpha, newer before older.
    private static func stability(_ apiVersion: String) -> (Int, Int, Int) {
        let version = apiVersion.split(separator: "/").last.map(String.init) ?? apiVersion
        let scanner = version.dropFirst()
        let major = Int(scanner.prefix { $0.isNumber }) ?? 0
        let rest = scanner.drop { $0.isNumber }
        let level = rest.hasPrefix("alpha") ? 2 : rest.hasPrefix("beta") ? 1 : 0
        let minor = Int(rest.drop { !$0.isNumber }) ?? 0
        return (level, -major, -minor)
    }

    static func isPrerelease(_ apiVersion: String) -> Bool {
        let utf8 = apiVersion.utf8
        let version = utf8[(utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex)...]
        let level = version.dropFirst().drop { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        return level.starts(with: "alpha".utf8) || level.starts(with: "beta".utf8)
    }

    private static func group(_ apiVersion: String) -> String {
        let parts = apiVersion.split(separator: "/", maxSplits: 1)
        return parts.count == 2 ? String(parts[0]) : ""
    }

    /// Finds the schema for `apiVersion`/`kind`, reporting removed, deprecated and unknown APIs.
    mutating func resolveSchema(_ root: Node, apiVersion: String, kind: String) -> SchemaChoice {
        let at = root.pair("apiVersion")?.value.start ?? root.start
        if let removal = APIRemovals.removal(apiVersion: apiVersion, kind: kind) {
            let use = removal.replacement.map { "; use \($0)" } ?? ""
            if target.minor >= removal.removedIn {
                report(
                    .removedAPI, at, "\(apiVersion) \(kind) was removed in 1.\(removal.removedIn)\(use)",
                    hint: removal.note)
            } else {
                report(
                    .deprecatedAPI, at,
                    "\(apiVersion) \(kind) is deprecated and removed in 1.\(removal.removedIn)\(use)",
                    hint: removal.note)
            }
            return .none
        }
        if let info = store.kind(apiVersion: apiVersion, kind: kind) {
            return builtin(info, at: at, kind: kind)
        }
        switch catalog.lookup(apiVersion: apiVersion, kind: kind) {
        case .schema(let schema, _):
            return .custom(schema)
        case .versionNotServed(let definition):
            let served = definition.versions.keys.sorted().joined(separator: ", ")
            report(
                .removedAPI, at,
                "\(apiVersion) is not a served version of \(kind): CustomResourceDefinition \(definition.name) "
                    + "(\(definition.file):\(definition.line)) serves \(served.isEmpty ? "no version" : served)")
            return .none
        case .notCustom:
            break
        }
        let group = Self.group(apiVersion)
        let others = store.apiVersions(ofKind: kind)
        if !others.isEmpty, others.contains(where: { Self.group($0.apiVersion) == group }) || group.isEmpty {
            let use = suggestedAPIVersion(kind).map { "; use \($0)" } ?? ""
            report(.apiVersion, at, "\(kind) is not served under \(apiVersion) in Kubernetes \(target)\(use)")
            return .none
        }
        if isBuiltinGroup(group) {
            let kinds = Set(store.allKinds(apiVersion: apiVersion))
            let close = EditDistance.closest(to: kind, in: kinds)
            let kindAt = root.pair("kind")?.value.start ?? root.start
            if kinds.isEmpty {
                report(.apiVersion, at, "\(apiVersion) is not an API version of Kubernetes \(target)")
            } else {
                report(
                    .kind, kindAt, "\(apiVersion) has no kind \"\(kind)\"",
                    hint: close.map { "did you mean \"\($0)\"?" })
            }
            return .none
        }
        // A misspelt built-in group (`app/v1 Deployment`, `networking.k8s.i/v1 Ingress`).
        let builtinGroups = Set(others.map { Self.group($0.apiVersion) })
        if let close = EditDistance.closest(to: group, in: builtinGroups), let use = suggestedAPIVersion(kind) {
            report(
                .apiVersion, at, "\(apiVersion) is not an API group of Kubernetes; \(kind) is served under \(use)",
                hint: "did you mean \"\(close)\"?")
            return .none
        }
        report(
            .unknownKind, root.pair("kind")?.value.start ?? root.start,
            "no schema for \(apiVersion) \(kind): not a built-in kind of Kubernetes \(target) and no "
                + "CustomResourceDefinition for it in the linted files; its fields are not checked",
            hint: "lint its CustomResourceDefinition together with it")
        return .none
    }

    private func isBuiltinGroup(_ group: String) -> Bool {
        group.isEmpty || store.isBuiltinGroup(group)
    }

    private mutating func builtin(_ info: SchemaStore.KindInfo, at: Mark, kind: String) -> SchemaChoice {
        let range = info.servedRange
        var replacement: String? { suggestedAPIVersion(kind).flatMap { $0 == info.apiVersion ? nil : $0 } }
        var use: String { replacement.map { "; use \($0)" } ?? "" }
        if target > range.upperBound, range.upperBound < store.versions.upperBound {
            report(.removedAPI, at, "\(info.apiVersion) \(kind) was removed in 1.\(range.upperBound.minor + 1)\(use)")
            return .none
        }
        if target < range.lowerBound, range.lowerBound > store.versions.lowerBound {
            report(
                .removedAPI, at,
                "\(info.apiVersion) \(kind) is not served before Kubernetes \(range.lowerBound) "
                    + "(checking against \(target))")
            return .none
        }
        guard let schema = store.rootSchema(of: info, in: schemaVersion) else {
            report(.removedAPI, at, "\(info.apiVersion) \(kind) is not served by Kubernetes \(schemaVersion)\(use)")
            return .none
        }
        if info.deprecatedSince > 0, target.minor >= info.deprecatedSince {
            let successor = APIRemovals.deprecatedKindSuccessors[kind].map { "; use \($0)" } ?? ""
            report(
                .deprecatedAPI, at,
                "\(info.apiVersion) \(kind) is deprecated since 1.\(info.deprecatedSince)\(successor)")
        } else if Self.isPrerelease(info.apiVersion), let replacement, !Self.isPrerelease(replacement),
            Self.group(replacement) == Self.group(info.apiVersion)
        {
            let removal =
                range.upperBound < store.versions.upperBound ? " and removed in 1.\(range.upperBound.minor + 1)" : ""
            report(.deprecatedAPI, at, "\(info.apiVersion) \(kind) is deprecated\(removal); use \(replacement)")
        }
        return .builtin(schema)
    }
}
