/// The error of the Manifests module: a YAML text that cannot be read, with where it happened.
///
/// `description` reads `path:line:col: message`, as compilers print errors.
public struct YAMLError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The text is not YAML (libyaml's scanner or parser stopped).
        case syntax
        /// Invalid UTF-8 or a NUL byte.
        case encoding
        /// A `ParseLimits` cap was exceeded (size, depth, alias expansion).
        case limit
        /// Valid YAML that has no JSON-like value (e.g. `!!int abc`, a mapping used as a key).
        case value
    }

    public var code: Code
    public var message: String
    /// The file the text came from, or "" when unknown.
    public var path: String
    /// Where the problem is, when known.
    public var mark: Mark?
    /// For syntax errors: the construct libyaml was reading (e.g. "while parsing a block mapping").
    public var context: String?
    /// Where that construct started.
    public var contextMark: Mark?

    public init(
        code: Code, message: String, path: String = "", mark: Mark? = nil, context: String? = nil,
        contextMark: Mark? = nil
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.mark = mark
        self.context = context
        self.contextMark = contextMark
    }

    public var description: String {
        var prefix = path
        if let mark {
            prefix += prefix.isEmpty ? "\(mark.line):\(mark.column)" : ":\(mark.line):\(mark.column)"
        }
        return prefix.isEmpty ? message : "\(prefix): \(message)"
    }
}
