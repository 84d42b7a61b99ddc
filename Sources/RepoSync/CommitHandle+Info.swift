internal import CGit2
import Foundation

extension CommitHandle {
    /// The commit's metadata, copied out of libgit2.
    var info: CommitInfo {
        let message = git_commit_message(pointer).map { String(cString: $0) } ?? ""
        let lines = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let subject = lines.first.map(String.init) ?? ""
        var body = lines.count > 1 ? String(lines[1]) : ""
        while body.hasPrefix("\n") { body.removeFirst() }
        while body.hasSuffix("\n") { body.removeLast() }
        let parents = (0..<git_commit_parentcount(pointer)).compactMap { i in
            git_commit_parent_id(pointer, i).map { ObjectID($0.pointee).hex }
        }
        return CommitInfo(
            sha: id.hex, author: Self.signature(git_commit_author(pointer)),
            committer: Self.signature(git_commit_committer(pointer)), subject: subject, body: body, parents: parents)
    }

    private static func signature(_ s: UnsafePointer<git_signature>?) -> Signature {
        guard let s = s?.pointee else {
            return Signature(name: "", email: "", date: Date(timeIntervalSince1970: 0), utcOffsetMinutes: 0)
        }
        return Signature(
            name: s.name.map { String(cString: $0) } ?? "", email: s.email.map { String(cString: $0) } ?? "",
            date: Date(timeIntervalSince1970: TimeInterval(s.when.time)), utcOffsetMinutes: Int(s.when.offset))
    }
}
