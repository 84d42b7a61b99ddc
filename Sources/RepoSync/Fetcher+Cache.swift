internal import CGit2
import Foundation

/// The cache side of a fetch: open and validate, create (atomically, by rename), and detect
/// damage so that the fetch can start again from an empty cache.
extension Fetcher {
    func openCache() throws(RepoSyncError) -> RepositoryHandle {
        guard FileManager.default.fileExists(atPath: directory) else { return try createCache() }
        let handle: RepositoryHandle
        do {
            handle = try RepositoryHandle.open(directory, operation: "open cache")
        } catch {
            throw corrupt("cannot open the cache: \(error.message)")
        }
        guard git_repository_is_bare(handle.pointer) == 1 else {
            throw corrupt("the cache is not a bare repository")
        }
        // Every ref must point at an object the cache holds; a half-deleted or truncated cache
        // fails here (or when the previous tip is read) and is cloned again.
        var names = git_strarray()
        try LibGit2.check("open cache") { git_reference_list(&names, handle.pointer) }
        defer { git_strarray_dispose(&names) }
        let odb = try handle.odb(operation: "open cache")
        for i in 0..<names.count {
            var oid = git_oid()
            guard git_reference_name_to_id(&oid, handle.pointer, names.strings[i]) == 0, odb.contains(ObjectID(oid))
            else {
                throw corrupt("ref \(String(cString: names.strings[i]!)) points at a missing object")
            }
        }
        return handle
    }

    func createCache() throws(RepoSyncError) -> RepositoryHandle {
        let files = FileManager.default
        let staging = "\(directory).new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try files.createDirectory(
                atPath: (directory as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if files.fileExists(atPath: directory) { try files.removeItem(atPath: directory) }
        } catch {
            throw RepoSyncError(.io, "cannot prepare cache \(directory): \(error)", operation: "create cache")
        }
        var out: OpaquePointer?
        try LibGit2.check("create cache") { git_repository_init(&out, staging, 1) }
        _ = RepositoryHandle(out!)  // closed again at once: the cache is reopened at its final path
        guard rename(staging, directory) == 0 else {
            try? files.removeItem(atPath: staging)
            throw RepoSyncError(
                .io, "cannot move the new cache into \(directory): \(String(cString: strerror(errno)))",
                operation: "create cache")
        }
        return try RepositoryHandle.open(directory, operation: "create cache")
    }

    func corrupt(_ message: String) -> RepoSyncError {
        RepoSyncError(.corruptCache, "\(message) (\(directory))", operation: "open cache", remote: remote)
    }

    /// The commit the target's cache ref points at now, checked to be readable.
    func previousTip(_ target: RemoteTarget, _ cache: RepositoryHandle) throws(RepoSyncError) -> ObjectID? {
        guard let localRef = target.localRef else { return nil }
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, cache.pointer, localRef) == 0 else { return nil }
        do {
            let commit = try Self.peelToCommit(ObjectID(oid), in: cache)
            _ = try commit.tree(operation: "read previous tip")
            return commit.id
        } catch {
            throw corrupt("the cached tip of \(localRef) cannot be read: \(error.message)")
        }
    }

    func isEmpty(_ cache: RepositoryHandle) -> Bool {
        var names = git_strarray()
        guard git_reference_list(&names, cache.pointer) == 0 else { return true }
        defer { git_strarray_dispose(&names) }
        return names.count == 0
    }
}
