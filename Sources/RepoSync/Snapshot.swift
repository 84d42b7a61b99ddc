/// One file of a `Snapshot`.
public struct SnapshotFile: Sendable, Hashable {
    /// Path relative to the repository root, `/`-separated.
    public var path: String
    /// The blob's SHA.
    public var blob: String
    /// The blob's bytes.
    public var contents: [UInt8]
}

/// The files of one commit under one directory, read from the object database (no work tree).
public struct Snapshot: Sendable {
    /// The commit the files were read from.
    public var commit: CommitInfo
    /// The directory the snapshot was taken of, relative to the root ("" for the root).
    public var path: String
    /// Selected regular files in path order (byte order of the UTF-8 paths).
    public var files: [SnapshotFile]
    /// Paths that matched the filter but were not read: symlinks (never followed) and
    /// submodules.
    public var skipped: [String]
}

/// A path that differs between two commits.
public struct ChangedPath: Sendable, Hashable {
    /// How the path changed.
    public enum Change: String, Sendable {
        case added, modified, deleted, typeChanged
    }
    /// The path relative to the repository root (the old path for deletions).
    public var path: String
    /// Added, modified, deleted or changed type (file ↔ symlink).
    public var change: Change

    /// A change of `path`.
    public init(path: String, change: Change) {
        self.path = path
        self.change = change
    }
}
