import Manifests

/// The release records of one application, newest last.
public struct ReleaseHistory: Sendable, Equatable {
    /// Releases, oldest first.
    public var releases: [Release]

    /// Sorts `releases` by revision.
    public init(_ releases: [Release]) {
        self.releases = releases.sorted { $0.revision < $1.revision }
    }

    /// The newest release, whatever its result.
    public var latest: Release? { releases.last }

    /// The newest release that succeeded: what a rollback returns to.
    public var lastSucceeded: Release? { releases.last { $0.result == .succeeded } }

    /// The revision number the next release gets.
    public var nextRevision: Int { (releases.last?.revision ?? 0) + 1 }

    /// The release with that revision, or the newest one whose commit sha starts with `text`.
    public func release(matching text: String) -> Release? {
        if let revision = Int(text), let hit = releases.first(where: { $0.revision == revision }) { return hit }
        guard text.count >= 4 else { return nil }
        return releases.last { $0.commit.sha.hasPrefix(text) }
    }

    /// The releases to delete so that the newest `limit` remain (at least 1), plus the newest
    /// succeeded release wherever it is: a rollback needs it.
    public func expired(limit: Int) -> [Release] {
        let keep = max(1, limit)
        guard releases.count > keep else { return [] }
        var candidates = Array(releases.dropLast(keep))
        if let anchor = lastSucceeded, let index = candidates.firstIndex(of: anchor) {
            candidates.remove(at: index)
        }
        return candidates
    }
}
