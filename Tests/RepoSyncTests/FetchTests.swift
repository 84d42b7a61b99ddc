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

        let again = try await repo.fetch("main")
        #expect(again.update == .unchanged)
        #expect(again.commit.sha == first.commit.sha)

        let second = try source.commit(["apps/web/service.yaml": "kind: Service\n"])
        let next = try await repo.fetch("main")
        #expect(next.update == .fastForward)
        #expect(next.commit.sha == second)
        #expect(next.previousCommit == first.commit.sha)
        let changed = try await repo.changedPaths(from: first.commit.sha, to: next.commit.sha)
        #expect(changed == [ChangedPath(path: "apps/web/service.yaml", change: .added)])
    }
}
