/// One ref a remote advertises, copied out of `git_remote_ls`.
struct RemoteHead {
    var name: String
    var id: ObjectID
    var symrefTarget: String?
}

/// What to download for a requested ref and where to keep it in the cache.
struct RemoteTarget {
    var ref: ResolvedRef
    /// The object the remote ref points to (a tag object for annotated tags); nil when only a
    /// local lookup after the download can tell (abbreviated SHAs).
    var id: ObjectID?
    /// The cache's ref that remembers the fetched tip.
    var localRef: String?
    var refspecs: [String]
    /// The abbreviated SHA to resolve locally after the download.
    var abbreviated: String?

    static let everything = ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"]

    static func branch(_ name: String, _ id: ObjectID) -> RemoteTarget {
        RemoteTarget(
            ref: ResolvedRef(kind: .branch, name: "refs/heads/\(name)"), id: id,
            localRef: "refs/remotes/origin/\(name)", refspecs: ["+refs/heads/\(name):refs/remotes/origin/\(name)"])
    }

    static func tag(_ name: String, _ id: ObjectID) -> RemoteTarget {
        RemoteTarget(
            ref: ResolvedRef(kind: .tag, name: "refs/tags/\(name)"), id: id, localRef: "refs/tags/\(name)",
            refspecs: ["+refs/tags/\(name):refs/tags/\(name)"])
    }

    static func commit(_ id: ObjectID, refspecs: [String]) -> RemoteTarget {
        RemoteTarget(
            ref: ResolvedRef(kind: .commit, name: id.hex), id: id, localRef: "refs/gitops-agent/commits/\(id.hex)",
            refspecs: refspecs)
    }

    /// Picks the target for `requested` (nil or `HEAD`: the default branch) among `heads`.
    static func resolve(_ requested: String?, heads: [RemoteHead], remote: String) throws(RepoSyncError)
        -> RemoteTarget
    {
        var byName: [String: RemoteHead] = [:]
        for head in heads { byName[head.name] = head }
        let branches = heads.compactMap { h in h.name.hasPrefix("refs/heads/") ? String(h.name.dropFirst(11)) : nil }
        func unknown(_ message: String) -> RepoSyncError {
            RepoSyncError(.unknownRef, message, operation: "resolve ref", remote: remote)
        }
        guard let requested, requested != "HEAD" else {
            if let head = byName["HEAD"] {
                if let target = head.symrefTarget, target.hasPrefix("refs/heads/"), let tip = byName[target] {
                    return branch(String(target.dropFirst(11)), tip.id)
                }
                let candidates = branches.filter { byName["refs/heads/\($0)"]?.id == head.id }
                if let name = candidates.first(where: { $0 == "main" || $0 == "master" }) ?? candidates.first {
                    return branch(name, head.id)
                }
            }
            throw unknown(
                branches.isEmpty
                    ? "the remote repository is empty (no branch to fetch)"
                    : "the remote has no default branch (HEAD); name one of: \(list(branches))")
        }
        if requested.hasPrefix("refs/heads/"), let head = byName[requested] {
            return branch(String(requested.dropFirst(11)), head.id)
        }
        if requested.hasPrefix("refs/tags/"), let head = byName[requested] {
            return tag(String(requested.dropFirst(10)), head.id)
        }
        if let head = byName["refs/heads/\(requested)"] { return branch(requested, head.id) }
        if let head = byName["refs/tags/\(requested)"] { return tag(requested, head.id) }
        let hex = requested.lowercased()
        if hex.utf8.count >= 4, hex.utf8.count <= 40, hex.utf8.allSatisfy(isHexDigit) {
            if let id = ObjectID(hex: hex) {
                if let tip = heads.first(where: { $0.id == id && $0.name.hasPrefix("refs/") }) {
                    return commit(id, refspecs: [tip.name])
                }
                return commit(id, refspecs: [hex])
            }
            return RemoteTarget(
                ref: ResolvedRef(kind: .commit, name: hex), id: nil, localRef: nil, refspecs: everything,
                abbreviated: hex)
        }
        throw unknown("no branch or tag named '\(requested)' on the remote (branches: \(list(branches)))")
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", …" : "")
    }
}
