import Manifests

/// Collects the problems found while reading one config file, so that a user sees all of
/// them at once instead of fixing one per run.
final class ConfigReader {
    let path: String
    private(set) var problems: [ConfigError.Problem] = []

    init(path: String) {
        self.path = path
    }

    func report(_ mark: Mark?, _ message: String) {
        problems.append(ConfigError.Problem(path: path, mark: mark, message: message))
    }

    /// The fields of a mapping node, after checking that it is a mapping whose keys are all
    /// in `allowed` and none repeated. `nil` (with a problem reported) when it is no mapping.
    func fields(_ node: Node, of context: String, allowed: [String]) -> ConfigFields? {
        guard let pairs = node.pairs else {
            report(node.start, "\(context) must be a mapping (key: value lines), not \(ConfigFields.describe(node))")
            return nil
        }
        var seen: [String: Mark] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar else {
                report(pair.key.start, "\(context) has a key that is not a plain name")
                continue
            }
            if !allowed.contains(key) {
                report(
                    pair.key.start,
                    "unknown key '\(key)' in \(context)\(ConfigSuggestion.hint(for: key, in: allowed))"
                        + " (allowed: \(allowed.joined(separator: ", ")))")
            } else if let first = seen[key] {
                report(pair.key.start, "duplicate key '\(key)' in \(context) (first at line \(first.line))")
            }
            seen[key] = seen[key] ?? pair.key.start
        }
        return ConfigFields(node: node, context: context, reader: self)
    }
}

/// Typed access to the keys of one mapping of the config file. Each getter reports a problem
/// at the value's position when the type is wrong, and one at the mapping when a required
/// key is missing; it returns `nil` in both cases.
struct ConfigFields {
    let node: Node
    let context: String
    let reader: ConfigReader

    func has(_ key: String) -> Bool { node[key] != nil }

    /// Where `key` is written (its key), or the mapping's start.
    func mark(of key: String) -> Mark { node.pair(key)?.key.start ?? node.start }

    func value(_ key: String, required: Bool = false) -> Node? {
        guard let value = node[key], !value.isNull else {
            if required {
                let present = node[key] != nil
                reader.report(
                    present ? mark(of: key) : node.start,
                    present ? "'\(key)' in \(context) has no value" : "\(context) needs the key '\(key)'")
            }
            return nil
        }
        return value
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard let text = value.scalar else {
            reader.report(value.start, "'\(key)' in \(context) must be a string, not \(Self.describe(value))")
            return nil
        }
        if value.style == .plain, value.tag == nil, ScalarResolver.isBoolean(text) {
            reader.report(
                value.start, "'\(key)' in \(context) must be a string, not the boolean \(text) (quote it: \"\(text)\")")
            return nil
        }
        if text.isEmpty {
            reader.report(value.start, "'\(key)' in \(context) is empty")
            return nil
        }
        return text
    }

    func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let text = value.scalar, value.style == .plain, let flag = Self.boolean(text) else {
            reader.report(value.start, "'\(key)' in \(context) must be true or false, not \(Self.describe(value))")
            return nil
        }
        return flag
    }

    func int(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = value(key) else { return nil }
        guard let text = value.scalar, value.style == .plain, let number = Int(text) else {
            reader.report(value.start, "'\(key)' in \(context) must be a whole number, not \(Self.describe(value))")
            return nil
        }
        guard range.contains(number) else {
            reader.report(
                value.start, "'\(key)' in \(context) must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return number
    }

    func duration(_ key: String) -> Duration? {
        guard let value = value(key) else { return nil }
        guard let text = value.scalar, let duration = ConfigDuration.parse(text), duration > .zero else {
            reader.report(
                value.start,
                "'\(key)' in \(context) must be a duration such as 30s, 5m or 1h30m, not \(Self.describe(value))")
            return nil
        }
        return duration
    }

    /// A list of strings; a single string is accepted as a list of one.
    func strings(_ key: String) -> [String]? {
        guard let value = value(key) else { return nil }
        if let text = value.scalar { return [text] }
        guard let items = value.items else {
            reader.report(value.start, "'\(key)' in \(context) must be a list of strings, not \(Self.describe(value))")
            return nil
        }
        var out: [String] = []
        for item in items {
            guard let text = item.scalar, !text.isEmpty else {
                reader.report(item.start, "every item of '\(key)' in \(context) must be a string")
                continue
            }
            out.append(text)
        }
        return out
    }

    func sequence(_ key: String, required: Bool = false) -> [Node]? {
        guard let value = value(key, required: required) else { return nil }
        guard let items = value.items else {
            reader.report(value.start, "'\(key)' in \(context) must be a list (lines starting with '- ')")
            return nil
        }
        return items
    }

    func mapping(_ key: String, required: Bool = false) -> Node? {
        guard let value = value(key, required: required) else { return nil }
        return value
    }

    private static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// "a list", "a mapping", "'text'" for messages.
    static func describe(_ node: Node) -> String {
        switch node.kind {
        case .scalar(let text, _): return "'\(text)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

/// Durations as written in the config file: `500ms`, `30s`, `5m`, `1h30m`, or plain seconds.
enum ConfigDuration {
    static func parse(_ text: String) -> Duration? {
        if let seconds = Int(text) { return .seconds(seconds) }
        var total = Duration.zero
        var number = ""
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while let c = rest.first {
            if c.isNumber {
                number.append(c)
                rest = rest.dropFirst()
                continue
            }
            guard let amount = Int(number) else { return nil }
            number = ""
            if rest.hasPrefix("ms") {
                total += .milliseconds(amount)
                rest = rest.dropFirst(2)
                continue
            }
            switch c {
            case "s": total += .seconds(amount)
            case "m": total += .seconds(amount * 60)
            case "h": total += .seconds(amount * 3600)
            default: return nil
            }
            rest = rest.dropFirst()
        }
        return number.isEmpty ? total : nil
    }

    /// `1h30m`, `45s`, `1.5s` for messages and tables.
    static func format(_ duration: Duration) -> String {
        let ms = Int(duration.components.seconds) * 1000 + Int(duration.components.attoseconds / 1_000_000_000_000_000)
        if ms < 1000 { return "\(ms)ms" }
        if ms < 60_000 { return ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms / 1000).\(ms % 1000 / 100)s" }
        let s = ms / 1000
        var out = ""
        if s >= 3600 { out += "\(s / 3600)h" }
        if s % 3600 >= 60 { out += "\(s % 3600 / 60)m" }
        if s % 60 > 0 { out += "\(s % 60)s" }
        return out
    }
}
