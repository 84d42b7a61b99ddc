import Foundation

/// A fresh directory under the system temp directory, removed with everything in it when the
/// object is released.
///
/// ```swift
/// let dir = try TemporaryDirectory(prefix: "lint")
/// try "a: 1\n".write(toFile: dir.path("a.yaml"), atomically: true, encoding: .utf8)
/// ```
public final class TemporaryDirectory: Sendable {
    /// Absolute path of the directory (symlinks resolved, so it compares equal to what git and
    /// `realpath` report).
    public let root: String

    /// Creates the directory `<tmp>/<prefix>.XXXXXX`.
    public init(prefix: String = "gitops-test") throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: "\(base)/\(prefix).XXXXXX"])
        }
        let created = String(cString: made)
        root = (try? FileManager.default.destinationOfSymbolicLink(atPath: created)) ?? created
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// `root/relative`.
    public func path(_ relative: String) -> String {
        relative.isEmpty ? root : "\(root)/\(relative)"
    }

    /// Writes `contents` to `root/relative`, creating the parent directories.
    @discardableResult
    public func write(_ relative: String, _ contents: String) throws -> String {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }
}
