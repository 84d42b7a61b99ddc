import Foundation
import RepoSync
import TestSupport
import Testing

@Suite struct FetchTests {
    @Test func firstCloneThenIncrementalFetch() async throws {
        let source = try SourceFixture()
        let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
        defer { server.stop() }
        let repo = try source.repository(server.url("app.git"))

        let first = try await repo.fetch("main")
        #expect(first.update == .initial)
        #expect(first.ref == ResolvedRef(kind: .branch, name: "refs/heads/main"))
        #expect(first.commit.sha == (try source.work.git("rev-parse", "HEAD")))
        #expect(first.commit.subject == "initial commit")
        #expect(first.commit.body == "With a body line.")
        #expect(first.commit.author.name == "Test Author")
        #expect(first.commit.committer.email == "committer@example.org")
        #expect(first.commit.parents.isEmpty)
        #expect(!first.recloned)

        let again = try await repo.fetch("main")
        #expect(again.update == .unchanged)
        #expect(again.commit.sha == first.commit.sha)

        let second = try source.commit(["apps/web/service.yaml": "kind: Service\n"])
        let next = try await repo.fetch()
        #expect(next.update == .fastForward)
        #expect(next.commit.sha == second)
        #expect(next.commit.parents == [first.commit.sha])
        #expect(next.previousCommit == first.commit.sha)
        let changed = try await repo.changedPaths(from: first.commit.sha, to: next.commit.sha)
        #expect(changed == [ChangedPath(path: "apps/web/service.yaml", change: .added)])
    }

    /// How each kind of ref resolves: (ref as given, expected kind, expected ref name or nil for the SHA).
    static let refCases: [(String, ResolvedRef.Kind, String?)] = [
        ("main", .branch, "refs/heads/main"),
        ("refs/heads/release", .branch, "refs/heads/release"),
        ("release", .branch, "refs/heads/release"),
        ("v1", .tag, "refs/tags/v1"),
        ("v1-light", .tag, "refs/tags/v1-light"),
        ("FULL", .commit, nil),
        ("ABBREV", .commit, nil),
        ("MIDDLE", .commit, nil),
    ]

    @Test(arguments: refCases)
    func resolvesRef(_ given: String, kind: ResolvedRef.Kind, name: String?) async throws {
        let source = try SourceFixture()
        let tagged = try source.commit(["apps/a.yaml": "a: 1\n"], message: "tagged")
        try source.work.git("tag", "-a", "v1", "-m", "release one")
        try source.work.git("tag", "v1-light")
        try source.work.git("branch", "release")
        let middle = try source.commit(["apps/a.yaml": "a: 3\n"], message: "at no tip")
        let head = try source.commit(["apps/a.yaml": "a: 2\n"], message: "after tag")
        try source.work.push()
        let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
        defer { server.stop() }
        let repo = try source.repository(server.url("app.git"))

        let ref = ["FULL": tagged, "ABBREV": String(tagged.prefix(9)), "MIDDLE": middle][given] ?? given
        let expected = ["main": head, "MIDDLE": middle][given] ?? tagged
        let result = try await repo.fetch(ref)
        #expect(result.ref.kind == kind)
        #expect(result.ref.name == name ?? expected)
        #expect(result.commit.sha == expected)
        let snapshot = try await repo.snapshot(at: result.commit.sha, path: "apps")
        let contents = ["main": "a: 2\n", "MIDDLE": "a: 3\n"][given] ?? "a: 1\n"
        #expect(snapshot.texts["apps/a.yaml"] == contents)
    }

    @Test func aFullSHAInTheCacheNeedsNoServer() async throws {
        let source = try SourceFixture()
        let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
        let repo = try source.repository(server.url("app.git"))
        let sha = try await repo.fetch("main").commit.sha
        server.stop()
        let pinned = try await repo.fetch(sha)
        #expect(pinned.commit.sha == sha)
        #expect(pinned.ref.kind == .commit)
    }

    @Test(arguments: ["no-such-branch", "deadbeef00", "refs/heads/nope"])
    func unknownRefIsAClearError(_ ref: String) async throws {
        let source = try SourceFixture()
        let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
        defer { server.stop() }
        let repo = try source.repository(server.url("app.git"))
        let error = await #expect(throws: RepoSyncError.self) { try await repo.fetch(ref) }
        #expect(error?.code == .unknownRef)
        #expect(error?.message.contains(ref.hasPrefix("refs/") ? "nope" : ref) == true)
        #expect(error?.remote == server.url("app.git"))
    }

    @Test func forcePushIsReportedAsRewritten() async throws {
        let source = try SourceFixture()
        let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
        defer { server.stop() }
        let repo = try source.repository(server.url("app.git"))
        let base = try await repo.fetch("main").commit.sha
        let old = try source.commit(["apps/a.yaml": "a: 1\n"], message: "to be dropped")
        #expect(try await repo.fetch("main").commit.sha == old)

        try source.work.git("reset", "-q", "--hard", base)
        let replacement = try source.work.commitAll("replacement")
        try source.work.push()
        let result = try await repo.fetch("main")
        #expect(result.update == .rewritten)
        #expect(result.previousCommit == old)
        #expect(result.commit.sha == replacement)
        let changed = try await repo.changedPaths(from: old, to: replacement)
        #expect(changed == [ChangedPath(path: "apps/a.yaml", change: .deleted)])
    }

    /// Ways a cache gets damaged; each must be detected and cloned again.
    static let damages: [String] = ["objects-removed", "ref-to-missing-object", "config-garbage", "pack-truncated"]

    @Test(arguments: damages)
    func damagedCacheIsClonedAgain(_ damage: String) async throws {
        let source = try SourceFixture()
        let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
        defer { server.stop() }
        let repo = try source.repository(server.url("app.git"))
        let sha = try await repo.fetch("main").commit.sha
        let files = FileManager.default
        switch damage {
        case "objects-removed":
            try files.removeItem(atPath: source.cache + "/objects")
        case "ref-to-missing-object":
            try (String(repeating: "1", count: 40) + "\n").write(
                toFile: source.cache + "/refs/remotes/origin/main", atomically: true, encoding: .utf8)
        case "config-garbage":
            try "[[[ not a config".write(toFile: source.cache + "/config", atomically: true, encoding: .utf8)
        default:
            let packs = try files.contentsOfDirectory(atPath: source.cache + "/objects/pack").filter {
                $0.hasSuffix(".pack")
            }
            #expect(!packs.isEmpty)
            for pack in packs {
                let path = source.cache + "/objects/pack/" + pack
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
            }
        }
        let result = try await repo.fetch("main")
        #expect(result.recloned)
        #expect(result.commit.sha == sha)
        let snapshot = try await repo.snapshot(at: sha)
        #expect(snapshot.texts["apps/web/deployment.yaml"] == "kind: Deployment\n")
    }

    @Test func concurrentFetchesShareOneCache() async throws {
        let source = try SourceFixture()
        let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
        defer { server.stop() }
        let expected = try source.work.git("rev-parse", "HEAD")
        let results = try await withThrowingTaskGroup(of: FetchResult.self) { group in
            for _ in 0..<4 {
                // Separate objects, as separate processes would have.
                let repo = try source.repository(server.url("app.git"))
                group.addTask { try await repo.fetch("main") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.map(\.commit.sha) == Array(repeating: expected, count: 4))
        #expect(results.filter { $0.update == .initial }.count == 1)
        #expect(results.filter { $0.update == .unchanged }.count == 3)
        // And a second process on the same cache sees a consistent repository.
        let check = try ProcessRunner.run("git", ["-C", source.cache, "fsck", "--no-progress"])
        #expect(check.status == 0, "\(check.stderrText)")
    }

    @Test(.timeLimit(.minutes(1)))
    func serverDownFailsFast() async throws {
        let source = try SourceFixture()
        let port = try Ports.free()
        let repo = try source.repository("git://127.0.0.1:\(port)/app.git") { $0.fetchDeadline = .seconds(5) }
        let error = await #expect(throws: RepoSyncError.self) { try await repo.fetch("main") }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("127.0.0.1") == true)
    }

    @Test(.timeLimit(.minutes(1)))
    func silentServerHitsTheDeadline() async throws {
        let source = try SourceFixture()
        let silent = try SilentServer()
        defer { silent.stop() }
        let repo = try source.repository("git://127.0.0.1:\(silent.port)/app.git") { $0.fetchDeadline = .seconds(2) }
        let error = await #expect(throws: RepoSyncError.self) { try await repo.fetch("main") }
        #expect(error?.code == .timeout)
        #expect(silent.connectionCount >= 1)
    }

    @Test func localPathsAndFileURLsWork() async throws {
        let source = try SourceFixture()
        for url in [source.bare, "file://" + source.bare] {
            let repo = try GitRepository(url: url, cacheDirectory: source.dir.path("cache/\(url.count)"))
            let result = try await repo.fetch()
            #expect(result.commit.sha == (try source.work.git("rev-parse", "HEAD")))
        }
    }
}

@Suite struct MissingRepositoryTests {
    @Test(arguments: ["git", "http", "ssh", "path"])
    func aMissingRepositoryIsReportedAsSuch(_ transport: String) async throws {
        let source = try SourceFixture()
        var stop: @Sendable () -> Void = {}
        defer { stop() }
        var configure: @Sendable (inout GitRepository.Options) -> Void = { _ in }
        let url: String
        switch transport {
        case "git":
            let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
            stop = { server.stop() }
            url = server.url("nope.git")
        case "http":
            let server = try GitHTTPServer(
                baseDirectory: source.dir.path("srv"), workDirectory: source.dir.path("http"))
            stop = { server.stop() }
            url = server.httpURL("nope.git")
        case "ssh":
            let server = try GitSSHServer(workDirectory: source.dir.path("sshd"))
            stop = { server.stop() }
            url = server.url(source.dir.path("srv/nope.git"))
            configure = {
                $0.credentials = .sshKey(privateKeyFile: server.userKeyFile)
                $0.knownHostsFile = server.knownHostsFile
            }
        default:
            url = source.dir.path("srv/nope.git")
        }
        let repo = try source.repository(url, configure)
        let error = await #expect(throws: RepoSyncError.self) { try await repo.fetch() }
        #expect(error?.code == .repositoryNotFound, "\(String(describing: error))")
    }
}

@Suite struct CommitBySHATests {
    @Test func aCommitAtNoTipIsFoundWhenTheServerRefusesSHAWants() async throws {
        let source = try SourceFixture()
        let middle = try source.commit(["apps/a.yaml": "a: 1\n"], message: "middle")
        try source.commit(["apps/a.yaml": "a: 2\n"], message: "head")
        try ProcessRunner.check(
            "git", ["-C", source.bare, "config", "--unset", "uploadpack.allowAnySHA1InWant"],
            environment: GitWorkTree.environment)
        let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
        defer { server.stop() }
        let repo = try source.repository(server.url("app.git"))
        let result = try await repo.fetch(middle)
        #expect(result.commit.sha == middle)
        #expect(result.commit.subject == "middle")
    }
}
