internal import CGit2

/// Reads trees and blobs of one opened cache: snapshots, single files and changed paths.
struct SnapshotReader {
    let repository: RepositoryHandle
    let options: GitRepository.Options

    /// One entry of a tree walk.
    private struct Entry {
        var path: String
        var id: ObjectID
        var mode: UInt32
    }

    /// Collects the walk's entries; the C callback reaches it through the payload pointer.
    private final class Collector {
        var entries: [Entry] = []
    }

    func snapshot(at revision: String, path rawPath: String, filter: PathFilter) throws(RepoSyncError) -> Snapshot {
        let operation = "read snapshot"
        let commit = try repository.revparseCommit(revision, operation: operation)
        let path = Self.normalize(rawPath)
        let tree = try subtree(of: commit, path: path, operation: operation)
        let entries = try walk(tree, prefix: path.isEmpty ? "" : path + "/", operation: operation)
        let odb = try repository.odb(operation: operation)
        var files: [SnapshotFile] = []
        var skipped: [String] = []
        for entry in entries where filter.matches(entry.path) {
            guard entry.mode == GIT_FILEMODE_BLOB.rawValue || entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue else {
                skipped.append(entry.path)
                continue
            }
            guard files.count < options.maxFiles else {
                throw RepoSyncError(
                    .tooManyFiles,
                    "more than \(options.maxFiles) files under '\(path)' at \(commit.id.hex); narrow the path or "
                        + "the filter, or raise the file cap",
                    operation: operation)
            }
            let contents = try readBlob(entry.id, path: entry.path, odb: odb, operation: operation)
            files.append(SnapshotFile(path: entry.path, blob: entry.id.hex, contents: contents))
        }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return Snapshot(commit: commit.info, path: path, files: files, skipped: skipped.sorted())
    }

    func readFile(_ rawPath: String, at revision: String) throws(RepoSyncError) -> [UInt8] {
        let path = Self.normalize(rawPath)
        let operation = "read \(path)"
        let commit = try repository.revparseCommit(revision, operation: operation)
        let tree = try commit.tree(operation: operation)
        var entry: OpaquePointer?
        try LibGit2.check(operation) { git_tree_entry_bypath(&entry, tree.pointer, path) }
        defer { git_tree_entry_free(entry) }
        let mode = git_tree_entry_filemode(entry).rawValue
        guard mode == GIT_FILEMODE_BLOB.rawValue || mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue else {
            throw RepoSyncError(
                .pathNotFound, "\(path) at \(commit.id.hex) is not a regular file (symlinks are not followed)",
                operation: operation)
        }
        let id = ObjectID(git_tree_entry_id(entry).pointee)
        return try readBlob(id, path: path, odb: try repository.odb(operation: operation), operation: operation)
    }

    func changedPaths(from old: String, to new: String, under rawPath: String) throws(RepoSyncError) -> [ChangedPath] {
        let operation = "diff \(old)..\(new)"
        let oldTree = try repository.revparseCommit(old, operation: operation).tree(operation: operation)
        let newTree = try repository.revparseCommit(new, operation: operation).tree(operation: operation)
        let diff = try DiffHandle.make(repository: repository, old: oldTree, new: newTree, operation: operation)
        let path = Self.normalize(rawPath)
        let prefix = path.isEmpty ? "" : path + "/"
        var changes: [ChangedPath] = []
        for delta in diff.deltas {
            let change: ChangedPath.Change
            var name = delta.newPath
            switch delta.status {
            case GIT_DELTA_ADDED: change = .added
            case GIT_DELTA_DELETED:
                change = .deleted
                name = delta.oldPath
            case GIT_DELTA_TYPECHANGE: change = .typeChanged
            default: change = .modified
            }
            if prefix.isEmpty || name.hasPrefix(prefix) { changes.append(ChangedPath(path: name, change: change)) }
        }
        return changes.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private func readBlob(_ id: ObjectID, path: String, odb: OdbHandle, operation: String) throws(RepoSyncError)
        -> [UInt8]
    {
        // The size comes from the object header, so an oversize blob is never loaded.
        let size = try odb.size(of: id, operation: "\(operation): \(path)")
        guard size <= options.maxBlobSize else {
            throw RepoSyncError(
                .blobTooLarge,
                "\(path) is \(size) bytes, over the \(options.maxBlobSize)-byte cap for one file; "
                    + "keep large files out of the manifest directory or raise the cap",
                operation: operation)
        }
        return try repository.lookupBlob(id, operation: "\(operation): \(path)").contents
    }

    private func subtree(of commit: CommitHandle, path: String, operation: String) throws(RepoSyncError) -> TreeHandle {
        let root = try commit.tree(operation: operation)
        if path.isEmpty { return root }
        var entry: OpaquePointer?
        do {
            try LibGit2.check(operation) { git_tree_entry_bypath(&entry, root.pointer, path) }
        } catch {
            throw RepoSyncError(
                .pathNotFound, "no directory '\(path)' at commit \(commit.id.hex)", operation: operation)
        }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else {
            throw RepoSyncError(
                .pathNotFound, "'\(path)' at commit \(commit.id.hex) is not a directory", operation: operation)
        }
        return try repository.lookupTree(ObjectID(git_tree_entry_id(entry).pointee), operation: operation)
    }

    private func walk(_ tree: TreeHandle, prefix: String, operation: String) throws(RepoSyncError) -> [Entry] {
        let collector = Collector()
        try withExtendedLifetime(collector) { () throws(RepoSyncError) in
            try LibGit2.check(operation) {
                git_tree_walk(
                    tree.pointer, GIT_TREEWALK_PRE,
                    { root, entry, payload in
                        guard git_tree_entry_type(entry) != GIT_OBJECT_TREE else { return 0 }
                        let collector = Unmanaged<Collector>.fromOpaque(payload!).takeUnretainedValue()
                        let name = String(cString: git_tree_entry_name(entry))
                        collector.entries.append(
                            Entry(
                                path: String(cString: root!) + name, id: ObjectID(git_tree_entry_id(entry).pointee),
                                mode: git_tree_entry_filemode(entry).rawValue))
                        return 0
                    }, Unmanaged.passUnretained(collector).toOpaque())
            }
        }
        guard !prefix.isEmpty else { return collector.entries }
        return collector.entries.map { Entry(path: prefix + $0.path, id: $0.id, mode: $0.mode) }
    }

    /// `path` without leading `./` or `/` and without trailing `/`.
    static func normalize(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.hasPrefix("/") { p = p.dropFirst() }
        while p.hasSuffix("/") { p = p.dropLast() }
        return p == "." ? "" : String(p)
    }
}
