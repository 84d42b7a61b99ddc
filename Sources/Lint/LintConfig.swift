import Manifests

/// Lint settings: which rules run at which level with which options, and which files to lint.
///
/// Read from `.gitops-lint.yaml`, found by walking up from each file. The format follows
/// yamllint's where the names mean the same:
/// ```yaml
/// rules:
///   line-length: {max: 120}          # enables it at its usual level (error for line-length)
///   truthy: disable
///   indentation: {spaces: 2, indent-sequences: consistent, level: error}
///   kubernetes-schema: {level: warning}
/// include: ["**/*.yaml", "**/*.yml"]
/// exclude: ["charts/**", "*.generated.yaml"]
/// kube-version: "1.30"
/// ```
/// Rule levels are `error`, `warning`, `info`, or `off` (also `disable`; `enable` keeps the
/// rule's usual level). Globs are relative to the configuration's directory; a pattern
/// without `/` matches a file name at any depth.
public struct LintConfig: Sendable {
    /// One rule's setting.
    public struct RuleSetting: Sendable, Equatable {
        /// `nil` keeps the rule's default level; `.some(nil)` turns it off.
        public var level: Finding.Level??
        public var options: RuleOptions

        public init(level: Finding.Level?? = nil, options: RuleOptions = RuleOptions()) {
            self.level = level
            self.options = options
        }
    }

    public var rules: [String: RuleSetting]
    public var include: [String]
    public var exclude: [String]
    /// Kubernetes minor version for the schema rules (`--kube-version` wins over it).
    public var kubeVersion: String?
    /// The directory the globs are relative to ("" for the current directory).
    public var directory: String

    public init(
        rules: [String: RuleSetting] = [:], include: [String] = LintConfig.defaultInclude, exclude: [String] = [],
        kubeVersion: String? = nil, directory: String = ""
    ) {
        self.rules = rules
        self.include = include
        self.exclude = exclude
        self.kubeVersion = kubeVersion
        self.directory = directory
    }

    public static let defaultInclude = ["*.yaml", "*.yml"]
    /// Every rule at its default level, all `.yaml`/`.yml` files.
    public static let `default` = LintConfig()
    /// The file name looked up from each linted file's directory upwards.
    public static let fileName = ".gitops-lint.yaml"

    /// Reads a configuration file; `path` is its own path (its directory anchors the globs).
    /// - Throws: `LintError` naming the file and line of the problem.
    public static func parse(_ text: String, path: String) throws(LintError) -> LintConfig {
        let docs: [YAMLDocument]
        do {
            docs = try parseYAML(text, path: path)
        } catch {
            throw LintError(code: .config, message: error.message, path: path, line: error.mark?.line)
        }
        var config = LintConfig(directory: LintPath.directory(of: path))
        guard let root = docs.first?.root else { return config }
        guard let pairs = root.pairs else {
            throw LintError(code: .config, message: "expected a mapping of settings", path: path, line: root.start.line)
        }
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            let value: Value
            do { value = try pair.value.toValue(path: path) } catch {
                throw LintError(code: .config, message: error.message, path: path, line: error.mark?.line)
            }
            switch key {
            case "rules":
                guard let rules = pair.value.pairs else {
                    throw LintError(
                        code: .config, message: "'rules' must be a mapping of rule ids", path: path,
                        line: pair.value.start.line)
                }
                for rule in rules {
                    let id = rule.key.scalar ?? ""
                    config.rules[id] = try ruleSetting(rule.value, id: id, path: path)
                }
            case "include", "exclude", "ignore":
                let globs = try globList(value, key: key, path: path, line: pair.value.start.line)
                if key == "include" { config.include = globs } else { config.exclude += globs }
            case "kube-version":
                config.kubeVersion = value.stringValue ?? value.intValue.map(String.init) ?? doubleText(value)
            case "extends", "yaml-files", "locale":
                continue  // accepted for yamllint compatibility
            default:
                throw LintError(
                    code: .config,
                    message: "unknown setting '\(key)' (known: rules, include, exclude, kube-version)",
                    path: path, line: pair.key.start.line)
            }
        }
        return config
    }

    private static func doubleText(_ v: Value) -> String? {
        if case .double(let d) = v { return String(d) }
        return nil
    }

    private static func globList(_ value: Value, key: String, path: String, line: Int) throws(LintError) -> [String] {
        switch value {
        case .string(let s):
            // yamllint writes `ignore: |` as one pattern per line.
            return s.split(separator: "\n").map { String($0).trimmed }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        case .array(let items):
            return items.compactMap(\.stringValue)
        default:
            throw LintError(code: .config, message: "'\(key)' must be a list of globs", path: path, line: line)
        }
    }

    private static func ruleSetting(_ node: Node, id: String, path: String) throws(LintError) -> RuleSetting {
        if let word = node.scalar {
            switch word {
            case "enable", "true": return RuleSetting()
            case "disable", "off", "false": return RuleSetting(level: .some(nil))
            default:
                guard let level = Finding.Level(rawValue: word) else {
                    throw LintError(
                        code: .config, message: "rule '\(id)': expected enable, disable, off, error, warning or info",
                        path: path, line: node.start.line)
                }
                return RuleSetting(level: .some(level))
            }
        }
        let value: Value
        do { value = try node.toValue(path: path) } catch {
            throw LintError(code: .config, message: error.message, path: path, line: error.mark?.line)
        }
        guard var options = value.objectValue else {
            throw LintError(
                code: .config, message: "rule '\(id)': expected a level or a mapping of options", path: path,
                line: node.start.line)
        }
        var setting = RuleSetting()
        if let level = options["level"] {
            let word = level.stringValue ?? (level.boolValue == false ? "off" : "")
            if word == "off" || word == "disable" {
                setting.level = .some(nil)
            } else if let l = Finding.Level(rawValue: word) {
                setting.level = .some(l)
            } else {
                throw LintError(
                    code: .config, message: "rule '\(id)': level must be error, warning, info or off", path: path,
                    line: node.start.line)
            }
            options["level"] = nil
        }
        setting.options = RuleOptions(options)
        return setting
    }

    /// The level a rule runs at for this configuration (`nil`: off). A rule that is off by
    /// default runs at `enabled` when the configuration names it without a level
    /// (`line-length: enable` or `line-length: {max: 100}`).
    public func level(of rule: String, default level: Finding.Level?, enabled: Finding.Level = .warning)
        -> Finding.Level?
    {
        guard let setting = rules[rule] else { return level }
        if let explicit = setting.level { return explicit }
        return level ?? enabled
    }

    public func options(of rule: String) -> RuleOptions {
        rules[rule]?.options ?? RuleOptions()
    }

    /// Whether the configuration selects `path` for linting.
    public func selects(_ path: String) -> Bool {
        let relative = LintPath.relative(path, to: directory)
        guard include.contains(where: { Glob.matches($0, relative) }) else { return false }
        return !exclude.contains(where: { Glob.matches($0, relative) })
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s = s.dropLast() }
        return String(s)
    }
}
