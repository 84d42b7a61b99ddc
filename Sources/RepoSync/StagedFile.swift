/// A file as it is staged in a work tree's index: what `git commit` would record.
public struct StagedFile: Sendable, Hashable {
    /// Path relative to the work-tree root, `/`-separated.
    public var path: String
    /// The staged blob's bytes (not the working-tree file's).
    public var contents: [UInt8]

    /// A staged file at `path` with `contents`.
    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }
}
