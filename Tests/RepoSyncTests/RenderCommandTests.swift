import Foundation
import RepoSync
import TestSupport
import Testing

/// End-to-end: the built `gitops-agent render` against real servers.
@Suite struct RenderCommandTests {
    static let files = [
        "deploy/web/service.yaml": "kind: Service\nmetadata:\n  name: web\n",
        "deploy/web/deployment.yml": "kind: Deployment\nmetadata:\n  name: web",  // no final newline
        "deploy/web/config.json": "{\"kind\": \"ConfigMap\"}\n",
        "deploy/web/notes.md": "not a manifest\n",
        "deploy/db/statefulset.yaml": "kind: StatefulSet\n",
        "other/x.yaml": "kind: Other\n",
    ]

    static let expectedWeb = """
        # Source: deploy/web/config.json
        {"kind": "ConfigMap"}
        ---
        # Source: deploy/web/deployment.yml
        kind: Deployment
        metadata:
          name: web
        ---
        # Source: deploy/web/service.yaml
        kind: Service
        metadata:
          name: web

        """

    /// Servers for one transport and the extra arguments its URL needs.
    final class Transport: Sendable {
        let url: String
        let arguments: [String]
        let stop: @Sendable () -> Void

        init(_ kind: String, source: SourceFixture) throws {
            switch kind {
            case "git":
                let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
                url = server.url("app.git")
                arguments = []
                stop = { server.stop() }
            case "https":
                let server = try GitHTTPServer(
                    baseDirectory: source.dir.path("srv"), workDirectory: source.dir.path("http"))
                let token = try source.dir.write("token", server.password)
                url = server.httpsURL("app.git")
                arguments = [
                    "--token-file", token, "--username", server.username, "--ca-file", server.certificates.caFile,
                ]
                stop = { server.stop() }
            default:
                let server = try GitSSHServer(workDirectory: source.dir.path("sshd"))
                url = server.url(source.bare)
                arguments = ["--ssh-key", server.userKeyFile, "--known-hosts", server.knownHostsFile]
                stop = { server.stop() }
            }
        }
    }

    static func render(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> ProcessResult {
        try ProcessRunner.run(try BuiltProducts.path("gitops-agent"), ["render"] + arguments, timeout: timeout)
    }

    @Test(arguments: ["git", "https", "ssh"])
    func rendersTheManifestsOfADirectory(_ kind: String) throws {
        let source = try SourceFixture(files: Self.files, prefix: "render")
        let transport = try Transport(kind, source: source)
        defer { transport.stop() }
        let sha = try source.work.git("rev-parse", "HEAD")
        let cache = source.dir.path("cache")
        let result = try Self.render(
            ["--repo", transport.url, "--ref", "main", "--path", "deploy/web", "--cache", cache]
                + transport.arguments)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == Self.expectedWeb)
        #expect(result.stderrText == "commit \(sha)\n")

        // A second run uses the cache and sees a new commit.
        let next = try source.commit(["deploy/web/service.yaml": "kind: Service\n"])
        let again = try Self.render(
            ["--repo", transport.url, "--path", "deploy/web", "--cache", cache] + transport.arguments)
        #expect(again.status == 0, "\(again.stderrText)")
        #expect(again.stderrText == "commit \(next)\n")
        #expect(again.stdoutText.contains("# Source: deploy/web/service.yaml\nkind: Service\n"))
    }

    @Test func processesSharingACacheTakeTurns() async throws {
        let source = try SourceFixture(files: Self.files, prefix: "render")
        let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
        defer { server.stop() }
        let agent = try BuiltProducts.path("gitops-agent")
        let arguments = [
            "render", "--repo", server.url("app.git"), "--path", "deploy/web", "--cache", source.dir.path("cache"),
        ]
        let results = try await withThrowingTaskGroup(of: ProcessResult.self) { group in
            for _ in 0..<3 { group.addTask { try await ProcessRunner.runDetached(agent, arguments) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for result in results {
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(result.stdoutText == Self.expectedWeb)
        }
        let cacheRoot = source.dir.path("cache")
        let caches = try FileManager.default.contentsOfDirectory(atPath: cacheRoot).filter { !$0.hasSuffix(".lock") }
        #expect(caches.count == 1)
        let fsck = try ProcessRunner.run("git", ["-C", "\(cacheRoot)/\(caches[0])", "fsck", "--no-progress"])
        #expect(fsck.status == 0, "\(fsck.stderrText)")
    }

    /// Each failure by the error code the one-line message must name.
    @Test(
        .timeLimit(.minutes(1)),
        arguments: ["unreachable", "unknown-ref", "authentication-failed", "host-key-unknown", "timeout"])
    func failuresExitTwoWithOneLine(_ failure: String) throws {
        let source = try SourceFixture(files: Self.files, prefix: "render")
        let cache = source.dir.path("cache")
        var arguments: [String]
        var stops: [@Sendable () -> Void] = []
        defer {
            for stop in stops { stop() }
        }
        switch failure {
        case "unreachable":
            arguments = ["--repo", "git://127.0.0.1:\(try Ports.free())/app.git"]
        case "unknown-ref":
            let server = try GitDaemonServer(baseDirectory: source.dir.path("srv"))
            stops.append { server.stop() }
            arguments = ["--repo", server.url("app.git"), "--ref", "no-such-branch"]
        case "authentication-failed":
            let server = try GitHTTPServer(
                baseDirectory: source.dir.path("srv"), workDirectory: source.dir.path("http"))
            stops.append { server.stop() }
            let token = try source.dir.write("token", "wrong-token-value")
            arguments = [
                "--repo", server.httpsURL("app.git"), "--token-file", token, "--ca-file", server.certificates.caFile,
            ]
        case "host-key-unknown":
            let server = try GitSSHServer(workDirectory: source.dir.path("sshd"))
            stops.append { server.stop() }
            let empty = try source.dir.write("known_hosts_empty", "")
            arguments = ["--repo", server.url(source.bare), "--ssh-key", server.userKeyFile, "--known-hosts", empty]
        default:
            let silent = try SilentServer()
            stops.append { silent.stop() }
            arguments = ["--repo", "git://127.0.0.1:\(silent.port)/app.git", "--timeout", "2"]
        }
        let result = try Self.render(arguments + ["--cache", cache])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderrText.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderrText)")
        #expect(result.stderrText.hasPrefix("gitops-agent: error: "))
        #expect(result.stderrText.contains("(\(failure))"), "\(result.stderrText)")
        #expect(!result.stderrText.contains("wrong-token-value"))
    }
}
