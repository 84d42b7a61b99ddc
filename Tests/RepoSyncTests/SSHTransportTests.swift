import Foundation
import RepoSync
import TestSupport
import Testing

@Suite struct SSHTransportTests {
    struct Served {
        let source: SourceFixture
        let server: GitSSHServer

        init(extraKeys: [String] = []) throws {
            source = try SourceFixture(prefix: "ssh")
            server = try GitSSHServer(workDirectory: source.dir.path("sshd"), authorizedKeyFiles: extraKeys)
        }

        func repository(knownHosts: String? = nil, key: String? = nil) throws -> GitRepository {
            try source.repository(server.url(source.bare)) {
                $0.credentials = .sshKey(privateKeyFile: key ?? server.userKeyFile)
                $0.knownHostsFile = knownHosts ?? server.knownHostsFile
            }
        }
    }

    @Test func cloneAndFetchWithAnEd25519Key() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let repo = try served.repository()
        let first = try await repo.fetch("main")
        #expect(first.commit.sha == (try served.source.work.git("rev-parse", "HEAD")), "\(served.server.log())")
        let next = try served.source.commit(["apps/b.yaml": "b: 1\n"])
        let second = try await repo.fetch("main")
        #expect(second.commit.sha == next)
        #expect(second.update == .fastForward)
    }

    /// known_hosts forms that must be accepted.
    static let acceptedKnownHosts: [String] = ["bracketed", "hashed", "wildcard-with-other-hosts"]

    @Test(arguments: acceptedKnownHosts)
    func knownHostsFormsAreMatched(_ form: String) async throws {
        let served = try Served()
        defer { served.server.stop() }
        let name = "[127.0.0.1]:\(served.server.port)"
        let line: String
        switch form {
        case "hashed":
            try ProcessRunner.check("ssh-keygen", ["-H", "-f", served.server.knownHostsFile])
            line = try String(contentsOfFile: served.server.knownHostsFile, encoding: .utf8)
            #expect(line.hasPrefix("|1|"))
        case "wildcard-with-other-hosts":
            line =
                "other.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"
                + "[127.0.0.*]:\(served.server.port),example.net \(served.server.hostPublicKey)\n"
        default:
            line = "\(name) \(served.server.hostPublicKey)\n"
        }
        let file = try served.source.dir.write("known_hosts_\(form)", line)
        let result = try await served.repository(knownHosts: file).fetch("main")
        #expect(result.update == .initial)
    }

    @Test func unknownHostKeyIsRejected() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let file = try served.source.dir.write(
            "known_hosts_other", "other.example.org \(served.server.hostPublicKey)\n")
        let error = await #expect(throws: RepoSyncError.self) { try await served.repository(knownHosts: file).fetch() }
        #expect(error?.code == .hostKeyUnknown)
        #expect(error?.message.contains("[127.0.0.1]:\(served.server.port) is not in known_hosts") == true)
        #expect(error?.message.contains("ssh-keyscan") == true)
    }

    @Test func changedHostKeyIsRejected() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let other = served.source.dir.path("other_host_key")
        try GitSSHServer.keygen("ed25519", other)
        let otherKey = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ").prefix(2)
            .joined(separator: " ")
        let file = try served.source.dir.write(
            "known_hosts_changed", "[127.0.0.1]:\(served.server.port) \(otherKey)\n")
        let error = await #expect(throws: RepoSyncError.self) { try await served.repository(knownHosts: file).fetch() }
        #expect(error?.code == .hostKeyMismatch)
        #expect(error?.message.contains("man-in-the-middle") == true)
    }

    @Test func rejectedKeyIsAuthenticationFailed() async throws {
        let served = try Served()
        defer { served.server.stop() }
        let stranger = served.source.dir.path("stranger")
        try GitSSHServer.keygen("ed25519", stranger)
        let error = await #expect(throws: RepoSyncError.self) { try await served.repository(key: stranger).fetch() }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.message.contains(stranger) == true)
    }

    @Test func rsaKeyFailureExplainsSHA1() async throws {
        let dir = try TemporaryDirectory(prefix: "rsa")
        let rsa = dir.path("id_rsa")
        try GitSSHServer.keygen("rsa", rsa)
        let served = try Served(extraKeys: [rsa + ".pub"])
        defer { served.server.stop() }
        let error = await #expect(throws: RepoSyncError.self) { try await served.repository(key: rsa).fetch() }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.message.contains("SHA-1") == true)
        #expect(error?.message.contains("ed25519") == true)
    }

    @Test(.timeLimit(.minutes(1)))
    func silentSSHServerHitsTheDeadline() async throws {
        let source = try SourceFixture(prefix: "ssh")
        let silent = try SilentServer()
        defer { silent.stop() }
        let knownHosts = try source.dir.write("known_hosts", "")
        let key = source.dir.path("id")
        try GitSSHServer.keygen("ed25519", key)
        let repo = try source.repository("ssh://git@127.0.0.1:\(silent.port)/app.git") {
            $0.credentials = .sshKey(privateKeyFile: key)
            $0.knownHostsFile = knownHosts
            $0.fetchDeadline = .seconds(2)
        }
        let error = await #expect(throws: RepoSyncError.self) { try await repo.fetch("main") }
        #expect(error?.code == .timeout)
        #expect(silent.connectionCount == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func sshServerDownIsUnreachable() async throws {
        let source = try SourceFixture(prefix: "ssh")
        let knownHosts = try source.dir.write("known_hosts", "")
        let port = try Ports.free()
        let repo = try source.repository("ssh://git@127.0.0.1:\(port)/app.git") {
            $0.knownHostsFile = knownHosts
            $0.credentials = .sshKey(privateKeyFile: knownHosts)
        }
        let error = await #expect(throws: RepoSyncError.self) { try await repo.fetch("main") }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
    }
}
