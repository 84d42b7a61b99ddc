internal import CGit2

/// One file-level change of a libgit2 diff, copied out of the diff.
struct DiffDelta {
    var status: git_delta_t
    var oldPath: String
    var newPath: String
    var newID: ObjectID
    var newMode: UInt32
}

extension DiffHandle {
    /// Diffs tree `old` (nil: the empty tree) against tree `new`, or against `index` when given.
    static func make(
        repository: RepositoryHandle, old: TreeHandle?, new: TreeHandle?, index: IndexHandle? = nil,
        operation: String
    ) throws(RepoSyncError) -> DiffHandle {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        // Type changes (file ↔ symlink) are reported as one delta, not a delete plus an add.
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        var out: OpaquePointer?
        try LibGit2.check(operation) {
            if let index {
                return git_diff_tree_to_index(&out, repository.pointer, old?.pointer, index.pointer, &options)
            }
            return git_diff_tree_to_tree(&out, repository.pointer, old?.pointer, new?.pointer, &options)
        }
        return DiffHandle(out!)
    }

    var deltas: [DiffDelta] {
        (0..<git_diff_num_deltas(pointer)).compactMap { i in
            guard let d = git_diff_get_delta(pointer, i)?.pointee else { return nil }
            return DiffDelta(
                status: d.status,
                oldPath: d.old_file.path.map { String(cString: $0) } ?? "",
                newPath: d.new_file.path.map { String(cString: $0) } ?? "",
                newID: ObjectID(d.new_file.id),
                newMode: UInt32(d.new_file.mode))
        }
    }
}
