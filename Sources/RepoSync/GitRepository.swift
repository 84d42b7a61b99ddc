import Foundation

/// One remote repository and its bare cache directory: fetch a branch, tag or commit, then read
/// snapshots, commits and changes from the cache without a work tree.
///
/// ```swift
/// let url = "https://git.example.org/cms/manifests.git"
/// let repo = try GitRepository(
///     url: url, cacheDirectory: GitRepository.cacheDirectory(for: url, under: GitRepository.defaultCacheRoot))
/// let fetched = try await repo.fetch("main")
/// let snapshot = try await repo.snapshot(at: fetched.commit.sha, path: "kubernetes/frontend")
/// ```
///
/// Every method runs its blocking libgit2 work on a dedicated thread. A fetch holds an exclusive
/// lock on the cache (a file `<cacheDirectory>.lock`), reads hold a shared one, so several
/// processes may use one cache.
public final class GitRepository: Sendable {
    /// The remote URL with credentials redacted (safe to log).
    public let remote: String
    /// The bare repository directory that caches the remote.
    public let cacheDirectory: String
    /// The settings every operation uses.
    public let options: Options
    let url: RemoteURL

    /// - Parameters:
    ///   - url: `https://…`, `http://…`, `ssh://…`, `user@host:path`, `git://…`, `file://…` or a path.
    ///   - cacheDirectory: the cache for this remote; created on the first fetch.
    /// - Throws: `.invalidConfiguration` for a URL that cannot be parsed.
    public init(url: String, cacheDirectory: String, options: Options = .default) throws(RepoSyncError) {
        // libgit2's global set-up (it parses the system CA bundle) happens once, here rather than
        // inside the first fetch's deadline.
        LibGit2.ensureInitialized()
        self.url = try RemoteURL(url)
        remote = self.url.redacted
        self.cacheDirectory = cacheDirectory
        self.options = options
    }

    /// `$XDG_CACHE_HOME/gitops-agent/repositories`, else `~/.cache/gitops-agent/repositories`.
    public static var defaultCacheRoot: String {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/gitops-agent/repositories" }
        let home = env["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/gitops-agent/repositories"
    }

    /// A cache directory under `root` named after `url` (host and path, plus a hash of the URL
    /// without credentials so that different remotes never share one).
    public static func cacheDirectory(for url: String, under root: String) -> String {
        let clean = RemoteURL.redactCredentials(in: url)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in clean.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let readable = clean.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "." })
            .suffix(3).joined(separator: "-")
        let suffix = String(hash, radix: 16)
        return "\(root)/\(readable.isEmpty ? "repo" : String(readable.prefix(60)))-\(suffix)"
    }

    /// Fetches `ref` into the cache and resolves it.
    ///
    /// - Parameter ref: a branch (`main`), a tag (`v1.2`, annotated or not), a full ref name
    ///   (`refs/heads/main`), a full or abbreviated commit SHA, or nil / `HEAD` for the remote's
    ///   default branch. A full SHA already in the cache needs no network.
    /// - Returns: the commit, the previous tip of that ref in the cache, and how they relate
    ///   (a force-push shows as `.rewritten`).
    /// - Throws: `RepoSyncError` with `.unknownRef`, `.unreachable`, `.timeout`,
    ///   `.authenticationFailed`, `.hostKeyUnknown`, `.hostKeyMismatch`, `.certificateInvalid`,
    ///   `.cacheLocked` …; a damaged cache is cloned again instead of failing.
    public func fetch(_ ref: String? = nil) async throws(RepoSyncError) -> FetchResult {
        try await DedicatedThread.run("gitops-fetch") { [self] () throws(RepoSyncError) in
            try Fetcher(repository: self).fetch(ref)
        }
    }

    /// The commit `revision` names in the cache (SHA, abbreviated SHA, or a cached ref such as
    /// `refs/tags/v1`), without network.
    public func commit(_ revision: String) async throws(RepoSyncError) -> CommitInfo {
        try await read("read commit") { repository throws(RepoSyncError) in
            try repository.revparseCommit(revision, operation: "resolve \(revision)").info
        }
    }

    /// The files under `path` at `commit` that `filter` selects, with their contents.
    /// - Throws: `.pathNotFound` when `path` is not a directory of the commit, `.blobTooLarge`
    ///   for a file over `options.maxBlobSize`, `.tooManyFiles` over `options.maxFiles`.
    public func snapshot(at commit: String, path: String = "", filter: PathFilter = .default)
        async throws(RepoSyncError) -> Snapshot
    {
        try await read("read snapshot") { [options] repository throws(RepoSyncError) in
            try SnapshotReader(repository: repository, options: options).snapshot(
                at: commit, path: path, filter: filter)
        }
    }

    /// The contents of the file `path` at `commit` (symlinks are refused, not followed).
    public func readFile(_ path: String, at commit: String) async throws(RepoSyncError) -> [UInt8] {
        try await read("read file") { [options] repository throws(RepoSyncError) in
            try SnapshotReader(repository: repository, options: options).readFile(path, at: commit)
        }
    }

    /// The paths under `path` that differ between commits `old` and `new`, in path order.
    public func changedPaths(from old: String, to new: String, under path: String = "")
        async throws(RepoSyncError) -> [ChangedPath]
    {
        try await read("diff commits") { [options] repository throws(RepoSyncError) in
            try SnapshotReader(repository: repository, options: options).changedPaths(from: old, to: new, under: path)
        }
    }

    private func read<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (RepositoryHandle) throws(RepoSyncError) -> T
    ) async throws(RepoSyncError) -> T {
        try await DedicatedThread.run("gitops-read") { [self] () throws(RepoSyncError) in
            let lock = try CacheLock(
                cacheDirectory: cacheDirectory, exclusive: false, deadline: .now + options.fetchDeadline)
            return try withExtendedLifetime(lock) { () throws(RepoSyncError) in
                guard FileManager.default.fileExists(atPath: cacheDirectory) else {
                    throw RepoSyncError(
                        .notARepository, "no cache at \(cacheDirectory): fetch first", operation: operation,
                        remote: remote)
                }
                var error: RepoSyncError
                do throws(RepoSyncError) {
                    return try body(try RepositoryHandle.open(cacheDirectory, operation: operation))
                } catch let caught {
                    error = caught
                }
                if error.remote == nil { error.remote = remote }
                throw error
            }
        }
    }
}
