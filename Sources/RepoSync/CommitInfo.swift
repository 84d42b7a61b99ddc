import Foundation

/// Who made a commit and when.
public struct Signature: Sendable, Hashable {
    public var name: String
    public var email: String
    public var date: Date
    /// The signer's UTC offset in minutes, as recorded in the commit.
    public var utcOffsetMinutes: Int
}

/// The metadata of one commit.
public struct CommitInfo: Sendable, Hashable {
    /// The full 40-digit SHA.
    public var sha: String
    public var author: Signature
    public var committer: Signature
    /// The first line of the message.
    public var subject: String
    /// The message after the subject and the blank line, without trailing newlines.
    public var body: String
    /// Full SHAs of the parents (empty for a root commit or a shallow boundary).
    public var parents: [String]
}
