/// Why the bundled Kubernetes schemas could not be loaded (reported to the user as a finding).
struct SchemaError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in words.
    var message: String

    /// The file that was read, when there is one.
    var path: String?

    init(message: String, path: String? = nil) {
        self.message = message
        self.path = path
    }

    static func corrupt(_ detail: String) -> SchemaError {
        SchemaError(message: "the bundled Kubernetes schema file is corrupt (\(detail)); run scripts/gen-schemas")
    }

    var description: String {
        if let path { return "\(path): \(message)" }
        return message
    }
}
