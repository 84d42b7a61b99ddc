internal import CGit2
import Foundation

/// A local repository with a work tree, e.g. the one a pre-commit hook runs in.
///
/// ```swift
/// let repo = try LocalRepository(discoveringFrom: FileManager.default.currentDirectoryPath)
/// for file in try repo.stagedFiles(matching: PathFilter(include: ["*.yaml", "*.yml"])) { … }
/// ```
///
/// The calls read local files only; they block briefly and are fine to call from a CLI command.
public struct LocalRepository: Sendable {
    /// The absolute path of the work tree's root directory (no trailing `/`).
    public let workTreeRoot: String
    /// The absolute path of the repository's git directory (`.git` or a worktree's gitdir).
    public let gitDirectory: String

    /// Finds the repository containing `directory` by walking up the parents, as git does.
    /// - Throws: `RepoSyncError` with code `.notARepository` when no parent is a repository,
    ///   or when the repository is bare.
    public init(discoveringFrom directory: String) throws(RepoSyncError) {
        LibGit2.ensureInitialized()
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try LibGit2.check("discover repository", code: .notARepository) {
            git_repository_discover(&buffer, directory, 0, nil)
        }
        let found = String(cString: buffer.ptr)
        let handle = try RepositoryHandle.open(found, operation: "open repository")
        guard let workdir = git_repository_workdir(handle.pointer) else {
            throw RepoSyncError(
                .notARepository, "\(found) is a bare repository; staged files need a work tree",
                operation: "open repository")
        }
        var root = String(cString: workdir)
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        workTreeRoot = root
        gitDirectory = String(cString: git_repository_path(handle.pointer))
    }

    /// The added or modified files of the index compared with `HEAD` (every staged file when
    /// there is no commit yet), selected by `filter`, in path order. Deleted files, symlinks and
    /// submodules are left out. Contents come from the index's blobs, so an edit made after
    /// `git add` is not seen.
    /// - Parameters:
    ///   - filter: which paths to return.
    ///   - indexFile: the index to read. `git commit <paths>` and `git commit -a` run hooks with
    ///     a temporary index named by `GIT_INDEX_FILE`, so that is the default; nil or unset
    ///     means the repository's own index. A relative path is taken from the work-tree root.
    public func stagedFiles(
        matching filter: PathFilter = .all,
        indexFile: String? = ProcessInfo.processInfo.environment["GIT_INDEX_FILE"]
    ) throws(RepoSyncError) -> [StagedFile] {
        let operation = "read staged files"
        let repository = try RepositoryHandle.open(gitDirectory, operation: operation)
        var indexPointer: OpaquePointer?
        if let indexFile, !indexFile.isEmpty {
            let path = indexFile.hasPrefix("/") ? indexFile : workTreeRoot + "/" + indexFile
            try LibGit2.check("\(operation) from \(path)") { git_index_open(&indexPointer, path) }
        } else {
            try LibGit2.check(operation) { git_repository_index(&indexPointer, repository.pointer) }
        }
        let index = IndexHandle(indexPointer!)
        let headTree = try Self.headTree(repository, operation: operation)
        let diff = try DiffHandle.make(
            repository: repository, old: headTree, new: nil, index: index, operation: operation)
        var files: [StagedFile] = []
        for delta in diff.deltas {
            switch delta.status {
            case GIT_DELTA_ADDED, GIT_DELTA_MODIFIED, GIT_DELTA_RENAMED, GIT_DELTA_COPIED, GIT_DELTA_TYPECHANGE:
                break
            default:
                continue
            }
            let mode = delta.newMode
            guard mode == GIT_FILEMODE_BLOB.rawValue || mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue else { continue }
            guard filter.matches(delta.newPath) else { continue }
            let blob = try repository.lookupBlob(delta.newID, operation: "\(operation): \(delta.newPath)")
            files.append(StagedFile(path: delta.newPath, contents: blob.contents))
        }
        return files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The tree of `HEAD`, or nil when `HEAD` is unborn (a repository with no commit yet).
    private static func headTree(_ repository: RepositoryHandle, operation: String) throws(RepoSyncError)
        -> TreeHandle?
    {
        if git_repository_head_unborn(repository.pointer) == 1 { return nil }
        return try repository.revparseCommit("HEAD", operation: operation).tree(operation: operation)
    }
}
