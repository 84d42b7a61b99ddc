import Manifests

/// One problem found by lint, at a position in a file.
///
/// `description` is the text form `path:line:col: level: message [rule]`, with the hint on a
/// second, indented line when there is one.
public struct Finding: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// How serious a finding is. `error` blocks a sync (and fails `lint`); `warning` fails only
    /// with `--strict`; `info` never fails.
    public enum Level: String, Sendable, Codable, Comparable, CaseIterable {
        case error
        case warning
        case info

        private var rank: Int {
            switch self {
            case .error: return 2
            case .warning: return 1
            case .info: return 0
            }
        }

        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    public var level: Level
    /// The rule's id, e.g. `key-duplicates`, `syntax`, `kubernetes-schema`.
    public var rule: String
    public var message: String
    /// What to do about it, when the rule can tell.
    public var hint: String?

    public init(
        file: String, line: Int, column: Int, level: Level, rule: String, message: String, hint: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.level = level
        self.rule = rule
        self.message = message
        self.hint = hint
    }

    /// A finding at a node's position.
    public init(file: String, at mark: Mark, level: Level, rule: String, message: String, hint: String? = nil) {
        self.init(
            file: file, line: mark.line, column: mark.column, level: level, rule: rule, message: message, hint: hint)
    }

    /// `path:line:col: level: message [rule]`.
    public var summary: String { "\(file):\(line):\(column): \(level.rawValue): \(message) [\(rule)]" }

    public var description: String {
        guard let hint else { return summary }
        return summary + "\n    hint: " + hint
    }

    /// Orders findings by file, line, column, then rule.
    public static func ordered(_ a: Finding, _ b: Finding) -> Bool {
        (a.file, a.line, a.column, a.rule, a.message) < (b.file, b.line, b.column, b.rule, b.message)
    }
}
