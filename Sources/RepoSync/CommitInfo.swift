import Foundation

/// Who made a commit and when.
public struct Signature: Sendable, Hashable {
    /// The name as recorded, e.g. `Ada Lovelace`.
    public var name: String
    /// The e-mail address as recorded.
    public var email: String
    /// When it was signed (second precision).
    public var date: Date
    /// The signer's UTC offset in minutes, as recorded in the commit.
    public var utcOffsetMinutes: Int
}

/// The metadata of one commit.
public struct CommitInfo: Sendable, Hashable {
    /// The full 40-digit SHA.
    public var sha: String
    /// Who wrote the change.
    public var author: Signature
    /// Who committed it (differs from the author after a rebase or cherry-pick).
    public var committer: Signature
    /// The first line of the message.
    public var subject: String
    /// The message after the subject and the blank line, without trailing newlines.
    public var body: String
    /// Full SHAs of the parents (empty for a root commit or a shallow boundary).
    public var parents: [String]
}
