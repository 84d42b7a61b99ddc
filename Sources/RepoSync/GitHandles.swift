internal import CGit2

// One final class per libgit2 handle type: each owns its pointer and frees it in deinit, so no
// path (early return, thrown error) leaks a handle.

/// An open `git_repository`.
final class RepositoryHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_repository_free(pointer) }

    /// Opens a bare or non-bare repository at exactly `path` (no discovery).
    static func open(_ path: String, operation: String) throws(RepoSyncError) -> RepositoryHandle {
        var out: OpaquePointer?
        try LibGit2.check(operation, code: .notARepository) {
            git_repository_open_ext(&out, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil)
        }
        return RepositoryHandle(out!)
    }

    func lookupCommit(_ oid: ObjectID, operation: String) throws(RepoSyncError) -> CommitHandle {
        var out: OpaquePointer?
        var raw = oid.raw
        try LibGit2.check(operation) { git_commit_lookup(&out, pointer, &raw) }
        return CommitHandle(out!)
    }

    func lookupTree(_ oid: ObjectID, operation: String) throws(RepoSyncError) -> TreeHandle {
        var out: OpaquePointer?
        var raw = oid.raw
        try LibGit2.check(operation) { git_tree_lookup(&out, pointer, &raw) }
        return TreeHandle(out!)
    }

    func lookupBlob(_ oid: ObjectID, operation: String) throws(RepoSyncError) -> BlobHandle {
        var out: OpaquePointer?
        var raw = oid.raw
        try LibGit2.check(operation) { git_blob_lookup(&out, pointer, &raw) }
        return BlobHandle(out!)
    }

    func odb(operation: String) throws(RepoSyncError) -> OdbHandle {
        var out: OpaquePointer?
        try LibGit2.check(operation) { git_repository_odb(&out, pointer) }
        return OdbHandle(out!)
    }

    /// Resolves a revision expression (`HEAD`, a ref name, an abbreviated SHA) to a commit.
    func revparseCommit(_ spec: String, operation: String) throws(RepoSyncError) -> CommitHandle {
        var object: OpaquePointer?
        try LibGit2.check(operation, code: .unknownRef) { git_revparse_single(&object, pointer, spec) }
        let owned = ObjectHandle(object!)
        var peeled: OpaquePointer?
        try LibGit2.check(operation, code: .unknownRef) { git_object_peel(&peeled, owned.pointer, GIT_OBJECT_COMMIT) }
        return CommitHandle(peeled!)
    }
}

/// A `git_object` of a type not known in advance.
final class ObjectHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_object_free(pointer) }
}

/// A `git_commit`.
final class CommitHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_commit_free(pointer) }

    var id: ObjectID { ObjectID(git_commit_id(pointer).pointee) }

    func tree(operation: String) throws(RepoSyncError) -> TreeHandle {
        var out: OpaquePointer?
        try LibGit2.check(operation) { git_commit_tree(&out, pointer) }
        return TreeHandle(out!)
    }
}

/// A `git_tree`.
final class TreeHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_tree_free(pointer) }
}

/// A `git_blob`.
final class BlobHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_blob_free(pointer) }

    /// The blob's bytes, copied out of libgit2's buffer.
    var contents: [UInt8] {
        let size = Int(git_blob_rawsize(pointer))
        guard size > 0, let raw = git_blob_rawcontent(pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }
}

/// A `git_odb`, used to read object sizes without loading the objects.
final class OdbHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_odb_free(pointer) }

    /// The size of object `oid` in bytes, read from its header only.
    func size(of oid: ObjectID, operation: String) throws(RepoSyncError) -> Int {
        var length = 0
        var type = GIT_OBJECT_ANY
        var raw = oid.raw
        try LibGit2.check(operation) { git_odb_read_header(&length, &type, pointer, &raw) }
        return length
    }

    func contains(_ oid: ObjectID) -> Bool {
        var raw = oid.raw
        return git_odb_exists(pointer, &raw) == 1
    }
}

/// A `git_index`.
final class IndexHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_index_free(pointer) }
}

/// A `git_diff`.
final class DiffHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_diff_free(pointer) }
}

/// A `git_remote`.
final class RemoteHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_remote_free(pointer) }
}

/// A `git_reference`.
final class ReferenceHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_reference_free(pointer) }
}
