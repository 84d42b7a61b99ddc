import Foundation
import RepoSync
import TestSupport

/// A source work tree published as a bare repository under a server directory, plus a cache
/// directory for the client under test.
struct SourceFixture {
    let dir: TemporaryDirectory
    let work: GitWorkTree
    /// The served bare repository's path.
    let bare: String
    let cache: String

    /// Creates the work tree with `files` committed on `main`, published to `<dir>/srv/app.git`.
    init(files: [String: String] = ["apps/web/deployment.yaml": "kind: Deployment\n"], prefix: String = "reposync")
        throws
    {
        dir = try TemporaryDirectory(prefix: prefix)
        work = try GitWorkTree(at: dir.path("work"))
        for (path, contents) in files { try work.write(path, contents) }
        try work.commitAll("initial commit\n\nWith a body line.")
        bare = dir.path("srv/app.git")
        try FileManager.default.createDirectory(atPath: dir.path("srv"), withIntermediateDirectories: true)
        try work.publish(to: bare)
        cache = dir.path("cache/app")
    }

    /// Commits `files` on the current branch and pushes; returns the SHA.
    @discardableResult
    func commit(_ files: [String: String], message: String = "change") throws -> String {
        for (path, contents) in files { try work.write(path, contents) }
        let sha = try work.commitAll(message)
        try work.push()
        return sha
    }

    func repository(_ url: String, _ configure: (inout GitRepository.Options) -> Void = { _ in }) throws
        -> GitRepository
    {
        var options = GitRepository.Options.default
        options.fetchDeadline = .seconds(20)
        configure(&options)
        return try GitRepository(url: url, cacheDirectory: cache, options: options)
    }
}

extension Snapshot {
    /// Path → text of every file.
    var texts: [String: String] {
        Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
    }
}
