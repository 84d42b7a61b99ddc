internal import CGit2
import Foundation

/// One fetch into a cache: lock, open (or recreate a damaged cache), connect, resolve the ref,
/// download what is missing, move the cache's ref, report how the tip moved.
struct Fetcher {
    let repository: GitRepository
    var url: RemoteURL { repository.url }
    var options: GitRepository.Options { repository.options }
    var directory: String { repository.cacheDirectory }
    var remote: String { repository.remote }

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
        if url.transport == .file, !FileManager.default.fileExists(atPath: url.path) {
            throw RepoSyncError(
                .repositoryNotFound, "no repository at \(url.path)", operation: "fetch", remote: remote)
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
        // Process-wide in libgit2: the last fetch to start sets them. Each fetch also checks its own
        // deadline in the progress callbacks, and ssh has the relay.
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
        if target.id.map({ !odb.contains($0) }) ?? true {
            let http = url.transport == .https || url.transport == .http
            let shallow = git_repository_is_shallow(cache.pointer) == 1
            // Depth 1 only works over smart HTTP in libgit2 1.8.4 and only starts on an empty
            // cache; a shallow cache must stay shallow (a full-depth fetch would drop its
            // boundary and break it).
            let depth: Int32 = http && (shallow || (options.shallow && isEmpty(cache))) ? 1 : 0
            let shallowFile = ShallowFile(gitDirectory: directory)
            var fetchOptions = git_fetch_options()
            git_fetch_options_init(&fetchOptions, UInt32(GIT_FETCH_OPTIONS_VERSION))
            session.install(&fetchOptions.callbacks)
            fetchOptions.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            fetchOptions.update_fetchhead = 0
            fetchOptions.depth = depth
            func download(_ specs: [String]) throws(RepoSyncError) {
                try Self.withStrings(specs) { refspecs throws(RepoSyncError) in
                    try LibGit2.check("download", remote: remote) {
                        git_remote_download(gitRemote.pointer, &refspecs, &fetchOptions)
                    }
                }
            }
            do {
                try download(target.refspecs)
            } catch {
                // A commit at no tip can only be asked for by SHA where the server allows it
                // (uploadpack.allowAnySHA1InWant); otherwise look for it among all branches and tags.
                let bySHA = target.ref.kind == .commit && target.refspecs == [target.ref.name]
                guard bySHA, session.failure == nil, ContinuousClock.now < deadline else { throw error }
                try download(RemoteTarget.everything)
            }
            if depth > 0 { shallowFile.restoreUnion() }
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
        return try finish(resolvedTarget, commit: commit, previous: previous, cache, recloned)
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

    static func peelToCommit(_ id: ObjectID, in cache: RepositoryHandle) throws(RepoSyncError) -> CommitHandle {
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

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return max(1, Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    /// Calls `body` with a `git_strarray` holding copies of `strings`.
    private static func withStrings<T>(_ strings: [String], _ body: (inout git_strarray) throws(RepoSyncError) -> T)
        throws(RepoSyncError) -> T
    {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer {
            for pointer in pointers { free(pointer) }
        }
        return try pointers.withUnsafeMutableBufferPointer { buffer throws(RepoSyncError) in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return try body(&array)
        }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
