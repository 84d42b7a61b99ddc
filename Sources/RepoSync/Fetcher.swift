internal import CGit2
import Foundation

/// One fetch into a cache: lock, open (or recreate a damaged cache), connect, resolve the ref,
/// download what is missing, move the cache's ref, report how the tip moved.
struct Fetcher {
    let repository: GitRepository
    private var url: RemoteURL { repository.url }
    private var options: GitRepository.Options { repository.options }
    private var directory: String { repository.cacheDirectory }
    private var remote: String { repository.remote }

    init(repository: GitRepository) {
        self.repository = repository
    }

    func fetch(_ requested: String?) throws(RepoSyncError) -> FetchResult {
        let deadline = ContinuousClock.now + options.fetchDeadline
        let lock = try CacheLock(cacheDirectory: directory, exclusive: true, deadline: deadline)
        return try withExtendedLifetime(lock) { () throws(RepoSyncError) in
            do throws(RepoSyncError) {
                return try fetch(requested, into: try openCache(), recloned: false, deadline: deadline)
            } catch  where error.code == .corruptCache {
                // Start again from an empty cache: everything is on the server.
            }
            return try fetch(requested, into: try createCache(), recloned: true, deadline: deadline)
        }
    }

    // MARK: cache

    private func openCache() throws(RepoSyncError) -> RepositoryHandle {
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

    private func createCache() throws(RepoSyncError) -> RepositoryHandle {
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
        git_repository_free(out)
        guard rename(staging, directory) == 0 else {
            try? files.removeItem(atPath: staging)
            throw RepoSyncError(
                .io, "cannot move the new cache into \(directory): \(String(cString: strerror(errno)))",
                operation: "create cache")
        }
        return try RepositoryHandle.open(directory, operation: "create cache")
    }

    private func corrupt(_ message: String) -> RepoSyncError {
        RepoSyncError(.corruptCache, "\(message) (\(directory))", operation: "open cache", remote: remote)
    }

    // MARK: fetch

    private func fetch(
        _ requested: String?, into cache: RepositoryHandle, recloned: Bool, deadline: ContinuousClock.Instant
    ) throws(RepoSyncError) -> FetchResult {
        let wanted = requested?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        // A full commit SHA never changes: when the cache has it, no network is needed.
        if let wanted, let id = ObjectID(hex: wanted.lowercased()),
            try cache.odb(operation: "fetch").contains(id),
            let commit = try? cache.lookupCommit(id, operation: "fetch")
        {
            let target = RemoteTarget.commit(id, refspecs: [])
            return try finish(target, commit: commit, previous: try previousTip(target, cache), cache, recloned)
        }
        if url.transport == .https, let caFile = options.caFile {
            try TrustedCertificates.add(caFile, remote: remote)
        }
        return try TrustedCertificates.lock.withReadLock { () throws(RepoSyncError) in
            try networkFetch(wanted, into: cache, recloned: recloned, deadline: deadline)
        }
    }

    private func networkFetch(
        _ requested: String?, into cache: RepositoryHandle, recloned: Bool, deadline: ContinuousClock.Instant
    ) throws(RepoSyncError) -> FetchResult {
        var knownHosts: KnownHosts?
        var relay: SSHRelay?
        var libgit2URL = url.original
        if url.transport == .ssh {
            let hosts = try loadKnownHosts()
            let started = try SSHRelay(
                host: url.host, port: url.port, connectTimeout: options.connectTimeout, deadline: deadline,
                remote: remote)
            do {
                try SSHHome.register(relayPort: started.port, entries: hosts.entries(forHost: url.host, port: url.port))
            } catch {
                started.finish()
                throw error
            }
            knownHosts = hosts
            relay = started
            libgit2URL = url.sshURL(relayPort: started.port)
        }
        defer {
            if let relay {
                relay.finish()
                SSHHome.unregister(relayPort: relay.port)
            }
        }
        let session = FetchSession(remote: url, options: options, knownHosts: knownHosts, deadline: deadline)
        do {
            return try withExtendedLifetime(session) { () throws(RepoSyncError) in
                try transfer(
                    requested, url: libgit2URL, into: cache, session: session, recloned: recloned, deadline: deadline)
            }
        } catch {
            let relayTimedOut = relay?.finish() ?? false
            throw classify(error, session: session, relayTimedOut: relayTimedOut, deadline: deadline)
        }
    }

    private func transfer(
        _ requested: String?, url libgit2URL: String, into cache: RepositoryHandle, session: FetchSession,
        recloned: Bool, deadline: ContinuousClock.Instant
    ) throws(RepoSyncError) -> FetchResult {
        _ = gitops_git_opts_int(
            Int32(GIT_OPT_SET_SERVER_CONNECT_TIMEOUT.rawValue), Self.milliseconds(options.connectTimeout))
        _ = gitops_git_opts_int(Int32(GIT_OPT_SET_SERVER_TIMEOUT.rawValue), Self.milliseconds(deadline - .now))

        var remotePointer: OpaquePointer?
        try LibGit2.check("fetch", remote: remote) {
            git_remote_create_anonymous(&remotePointer, cache.pointer, libgit2URL)
        }
        let gitRemote = RemoteHandle(remotePointer!)
        var connectOptions = git_remote_connect_options()
        git_remote_connect_options_init(&connectOptions, UInt32(GIT_REMOTE_CONNECT_OPTIONS_VERSION))
        session.install(&connectOptions.callbacks)
        try LibGit2.check("connect", remote: remote) {
            git_remote_connect_ext(gitRemote.pointer, GIT_DIRECTION_FETCH, &connectOptions)
        }
        defer { git_remote_disconnect(gitRemote.pointer) }

        let target = try RemoteTarget.resolve(
            requested, heads: try Self.heads(of: gitRemote, remote: remote), remote: remote)
        let previous = try previousTip(target, cache)
        let odb = try cache.odb(operation: "fetch")
        var shallow = git_repository_is_shallow(cache.pointer) == 1
        if target.id.map({ !odb.contains($0) }) ?? true {
            let http = url.transport == .https || url.transport == .http
            let empty = previous == nil && (try? cache.revparseCommit("HEAD", operation: "fetch")) == nil
            // Depth 1 only works over smart HTTP in libgit2 1.8.4; a shallow cache must stay
            // shallow (a full-depth fetch would drop its boundary and break it).
            let depth: Int32 = http && (shallow || (options.shallow && isEmpty(cache) && empty)) ? 1 : 0
            let shallowFile = ShallowFile(gitDirectory: directory)
            var fetchOptions = git_fetch_options()
            git_fetch_options_init(&fetchOptions, UInt32(GIT_FETCH_OPTIONS_VERSION))
            session.install(&fetchOptions.callbacks)
            fetchOptions.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            fetchOptions.update_fetchhead = 0
            fetchOptions.depth = depth
            try Self.withStrings(target.refspecs) { refspecs throws(RepoSyncError) in
                try LibGit2.check("download", remote: remote) {
                    git_remote_download(gitRemote.pointer, &refspecs, &fetchOptions)
                }
            }
            if depth > 0 {
                shallowFile.restoreUnion()
                shallow = true
            }
        }
        let commit: CommitHandle
        var resolvedTarget = target
        if let abbreviated = target.abbreviated {
            do {
                commit = try cache.revparseCommit(abbreviated, operation: "resolve \(abbreviated)")
            } catch {
                throw RepoSyncError(
                    .unknownRef, "no commit matches '\(abbreviated)' on the remote (\(error.message))",
                    operation: "resolve ref", remote: remote)
            }
            resolvedTarget = RemoteTarget.commit(commit.id, refspecs: [])
        } else {
            let id = target.id!
            guard odb.contains(id), let peeled = try? Self.peelToCommit(id, in: cache) else {
                throw RepoSyncError(
                    .unknownRef, "the remote did not send \(target.ref.name) (\(id.hex)); is it a commit?",
                    operation: "resolve ref", remote: remote)
            }
            commit = peeled
        }
        _ = shallow
        return try finish(resolvedTarget, commit: commit, previous: previous, cache, recloned)
    }

    private func isEmpty(_ cache: RepositoryHandle) -> Bool {
        var names = git_strarray()
        guard git_reference_list(&names, cache.pointer) == 0 else { return true }
        defer { git_strarray_dispose(&names) }
        return names.count == 0
    }

    /// Points the target's cache ref at the fetched object and reports the update.
    private func finish(
        _ target: RemoteTarget, commit: CommitHandle, previous: ObjectID?, _ cache: RepositoryHandle, _ recloned: Bool
    ) throws(RepoSyncError) -> FetchResult {
        if let localRef = target.localRef {
            var id = (target.id ?? commit.id).raw
            var reference: OpaquePointer?
            try LibGit2.check("update \(localRef)", remote: remote) {
                git_reference_create(&reference, cache.pointer, localRef, &id, 1, "gitops-agent fetch")
            }
            git_reference_free(reference)
        }
        let shallow = git_repository_is_shallow(cache.pointer) == 1
        let update: TipUpdate
        if let previous {
            if previous == commit.id {
                update = .unchanged
            } else {
                var new = commit.id.raw
                var old = previous.raw
                let descends = git_graph_descendant_of(cache.pointer, &new, &old) == 1
                update = descends ? .fastForward : (shallow ? .unknown : .rewritten)
            }
        } else {
            update = .initial
        }
        return FetchResult(
            ref: target.ref, commit: commit.info, previousCommit: previous?.hex, update: update, shallow: shallow,
            recloned: recloned)
    }

    /// The commit the target's cache ref points at now, checked to be readable.
    private func previousTip(_ target: RemoteTarget, _ cache: RepositoryHandle) throws(RepoSyncError) -> ObjectID? {
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

    private static func peelToCommit(_ id: ObjectID, in cache: RepositoryHandle) throws(RepoSyncError) -> CommitHandle {
        try cache.revparseCommit(id.hex, operation: "peel \(id.hex)")
    }

    private static func heads(of remote: RemoteHandle, remote name: String) throws(RepoSyncError) -> [RemoteHead] {
        var list: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try LibGit2.check("list remote refs", remote: name) { git_remote_ls(&list, &count, remote.pointer) }
        return (0..<count).compactMap { i in
            guard let head = list?[i]?.pointee, let refName = head.name else { return nil }
            return RemoteHead(
                name: String(cString: refName), id: ObjectID(head.oid),
                symrefTarget: head.symref_target.map { String(cString: $0) })
        }
    }

    private func loadKnownHosts() throws(RepoSyncError) -> KnownHosts {
        let file =
            options.knownHostsFile ?? (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory())
            + "/.ssh/known_hosts"
        guard let data = FileManager.default.contents(atPath: file) else {
            throw RepoSyncError(
                .invalidConfiguration,
                "cannot read known_hosts file \(file); ssh remotes need the server's host key (--known-hosts)",
                operation: "fetch", remote: remote)
        }
        return KnownHosts(parsing: String(decoding: data, as: UTF8.self), source: file)
    }

    /// Turns a failed network call into the error to report: a callback's own failure first,
    /// then the deadline, then libgit2's message sorted into unreachable / timeout.
    private func classify(
        _ error: RepoSyncError, session: FetchSession, relayTimedOut: Bool, deadline: ContinuousClock.Instant
    ) -> RepoSyncError {
        if let failure = session.failure { return failure }
        if error.code != .git && error.code != .pathNotFound { return error }
        let text = error.message.lowercased()
        var result = error
        result.remote = remote
        if relayTimedOut || ContinuousClock.now >= deadline || text.contains("timed out") {
            result.code = .timeout
            result.message =
                "no answer from \(url.host.isEmpty ? "the server" : url.host) within the deadline "
                + "(\(options.fetchDeadline)): \(error.message)"
            return result
        }
        let network = [GIT_ERROR_NET, GIT_ERROR_SSH, GIT_ERROR_HTTP, GIT_ERROR_SSL, GIT_ERROR_OS]
            .map { Int32($0.rawValue) }
        if let errorClass = error.gitErrorClass, network.contains(errorClass),
            [
                "failed to connect", "connection refused", "failed to resolve", "could not resolve", "unreachable",
                "failed to start ssh session", "no route",
            ].contains(where: text.contains)
        {
            result.code = .unreachable
            result.message = "cannot reach the server: \(error.message); check the URL and that the server is up"
            return result
        }
        let local = [GIT_ERROR_ODB, GIT_ERROR_ZLIB, GIT_ERROR_REFERENCE, GIT_ERROR_REPOSITORY, GIT_ERROR_OBJECT]
            .map { Int32($0.rawValue) }
        if let errorClass = error.gitErrorClass, local.contains(errorClass) {
            return corrupt("the cache failed during the fetch: \(error.message)")
        }
        return result
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return max(1, Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    /// Calls `body` with a `git_strarray` holding copies of `strings`.
    private static func withStrings<T>(_ strings: [String], _ body: (inout git_strarray) throws(RepoSyncError) -> T)
        throws(RepoSyncError) -> T
    {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return try pointers.withUnsafeMutableBufferPointer { buffer throws(RepoSyncError) in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return try body(&array)
        }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
