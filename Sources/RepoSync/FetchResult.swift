/// What a ref resolved to on the remote.
public struct ResolvedRef: Sendable, Hashable {
    /// What the requested ref turned out to be.
    public enum Kind: String, Sendable {
        case branch, tag, commit
    }
    /// Branch, tag or commit.
    public var kind: Kind
    /// The full ref name (`refs/heads/main`, `refs/tags/v1`) or, for a commit, its full SHA.
    public var name: String

    /// A resolved ref of `kind` named `name`.
    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }
}

/// How the fetched tip relates to the tip the cache had before.
public enum TipUpdate: String, Sendable {
    /// First fetch of this ref into the cache.
    case initial
    /// The same commit as before.
    case unchanged
    /// The new tip descends from the old one.
    case fastForward
    /// The old tip is no longer an ancestor of the new one: the ref was force-pushed.
    case rewritten
    /// Ancestry unknown: the cache is shallow, so history between the tips is missing.
    case unknown
}

/// The outcome of `GitRepository.fetch`.
public struct FetchResult: Sendable {
    /// What the requested ref resolved to.
    public var ref: ResolvedRef
    /// The commit the ref points to now (tags peeled).
    public var commit: CommitInfo
    /// The commit this ref pointed to in the cache before the fetch, if any.
    public var previousCommit: String?
    /// How the tip moved since the last fetch of this ref into the cache.
    public var update: TipUpdate
    /// Whether the cache holds only part of the history (a depth-1 fetch).
    public var shallow: Bool
    /// Whether the cache was found damaged and cloned again from scratch.
    public var recloned: Bool
}
