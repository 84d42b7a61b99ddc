import Foundation
import RepoSync
import TestSupport
import Testing

@Suite struct HTTPTransportTests {
    /// A source repository served by lighttpd + git http-backend.
    struct Served {
        let source: SourceFixture
        let server: GitHTTPServer
        let tokenFile: String

        init() throws {
            source = try SourceFixture(files: ["apps/web/deployment.yaml": "kind: Deployment\n"], prefix: "http")
            server = try GitHTTPServer(baseDirectory: source.dir.path("srv"), workDirectory: source.dir.path("http"))
            tokenFile = try source.dir.write("secrets/password", server.password + "\n")
        }
    }

    @Test func smartHTTPCloneAndFetch() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let repo = try served.source.repository(served.server.httpURL("app.git"))
        let first = try await repo.fetch()
        #expect(first.commit.sha == (try served.source.work.git("rev-parse", "HEAD")))
        let next = try served.source.commit(["apps/web/service.yaml": "kind: Service\n"])
        #expect(try await repo.fetch().commit.sha == next)
    }

    @Test func httpsWithBasicAuthAndPrivateCA() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let repo = try served.source.repository(served.server.httpsURL("app.git")) {
            $0.credentials = .basic(username: served.server.username, passwordFile: served.tokenFile)
            $0.caFile = served.server.certificates.caFile
        }
        let result = try await repo.fetch("main")
        let snapshot = try await repo.snapshot(at: result.commit.sha)
        #expect(snapshot.texts == ["apps/web/deployment.yaml": "kind: Deployment\n"])
    }

    @Test func wrongPasswordIsAuthenticationFailedWithoutTheSecret() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let wrong = try served.source.dir.write("secrets/wrong", "not-the-password-42\n")
        let repo = try served.source.repository(served.server.httpsURL("app.git")) {
            $0.credentials = .basic(username: served.server.username, passwordFile: wrong)
            $0.caFile = served.server.certificates.caFile
        }
        let error = await #expect(throws: RepoSyncError.self) { try await repo.fetch("main") }
        #expect(error?.code == .authenticationFailed)
        #expect(error.map { !"\($0)".contains("not-the-password-42") } == true)
    }

    @Test func missingCredentialsSayWhatToGive() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let repo = try served.source.repository(served.server.httpsURL("app.git")) {
            $0.caFile = served.server.certificates.caFile
        }
        let error = await #expect(throws: RepoSyncError.self) { try await repo.fetch("main") }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.message.contains("--token-file") == true)
    }

    @Test func untrustedCertificateIsRejectedUnlessVerificationIsOff() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let strict = try served.source.repository(served.server.httpsURL("app.git")) {
            $0.credentials = .token(file: served.tokenFile, username: served.server.username)
        }
        let error = await #expect(throws: RepoSyncError.self) { try await strict.fetch("main") }
        #expect(error?.code == .certificateInvalid)
        #expect(error?.message.contains("--ca-file") == true)

        let insecure = try GitRepository(
            url: served.server.httpsURL("app.git"), cacheDirectory: served.source.dir.path("cache/insecure"),
            options: {
                var o = GitRepository.Options.default
                o.credentials = .token(file: served.tokenFile, username: served.server.username)
                o.insecureSkipTLSVerify = true
                return o
            }())
        #expect(try await insecure.fetch("main").commit.subject == "initial commit")
    }

    @Test func shallowFetchKeepsEveryFetchedTipReadable() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let oldest = try served.source.work.git("rev-parse", "HEAD")
        try served.source.commit(["apps/web/a.yaml": "a: 1\n"])
        try served.source.commit(["apps/web/a.yaml": "a: 2\n"])
        let repo = try served.source.repository(served.server.httpURL("app.git")) { $0.shallow = true }
        let first = try await repo.fetch()
        #expect(first.shallow)
        #expect(first.commit.parents.isEmpty)  // the boundary: parents are not fetched
        let missing = await #expect(throws: RepoSyncError.self) { try await repo.commit(oldest) }
        #expect(missing != nil)

        let newer = try served.source.commit(["apps/web/a.yaml": "a: 3\n"])
        let second = try await repo.fetch()
        #expect(second.commit.sha == newer)
        #expect(second.update == .fastForward || second.update == .unknown)
        let unchanged = try await repo.fetch()
        #expect(unchanged.update == .unchanged)
        // Both tips stay readable, and git itself finds the cache consistent.
        #expect(try await repo.snapshot(at: first.commit.sha).texts["apps/web/a.yaml"] == "a: 2\n")
        #expect(try await repo.snapshot(at: newer).texts["apps/web/a.yaml"] == "a: 3\n")
        #expect(try await repo.changedPaths(from: first.commit.sha, to: newer).map(\.path) == ["apps/web/a.yaml"])
        let fsck = try ProcessRunner.run("git", ["-C", served.source.cache, "fsck", "--no-progress"])
        #expect(fsck.status == 0, "\(fsck.stderrText)")
    }

    @Test(.timeLimit(.minutes(1)))
    func silentHTTPSServerHitsTheDeadline() async throws {
        let source = try SourceFixture(prefix: "http")
        let silent = try SilentServer()
        defer { silent.stop() }
        let repo = try source.repository("https://localhost:\(silent.port)/git/app.git") {
            $0.fetchDeadline = .seconds(2)
        }
        let error = await #expect(throws: RepoSyncError.self) { try await repo.fetch("main") }
        #expect(error?.code == .timeout, "\(String(describing: error))")
    }
}
