/// The error of the Lint module: a configuration that cannot be used.
public struct LintError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A `.gitops-lint.yaml` that is not valid YAML or names an unknown rule or option.
        case config
    }

    public var code: Code
    public var message: String
    /// The configuration file, when there is one.
    public var path: String
    public var line: Int?

    public init(code: Code, message: String, path: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.line = line
    }

    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return path.isEmpty ? message : "\(path): \(message)"
    }
}
