import Foundation
import Testing

@testable import RepoSync

@Suite struct PathFilterTests {
    /// (pattern, path, matches)
    static let cases: [(String, String, Bool)] = [
        ("*.yaml", "a.yaml", true),
        ("*.yaml", "deep/dir/a.yaml", true),
        ("*.yaml", "a.yaml.bak", false),
        ("apps/*.yaml", "apps/a.yaml", true),
        ("apps/*.yaml", "apps/x/a.yaml", false),
        ("apps/**/*.yaml", "apps/a.yaml", true),
        ("apps/**/*.yaml", "apps/x/y/a.yaml", true),
        ("**", "anything/at/all", true),
        ("?.json", "a.json", true),
        ("?.json", "ab.json", false),
        ("[ab].yml", "b.yml", true),
        ("[!ab].yml", "b.yml", false),
    ]

    @Test(arguments: cases)
    func globMatching(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(PathFilter(include: [pattern]).matches(path) == expected)
    }

    @Test func defaultSelectsManifestsOnly() {
        #expect(PathFilter.default.matches("x/a.yml"))
        #expect(PathFilter.default.matches("x/a.json"))
        #expect(!PathFilter.default.matches("x/a.md"))
    }
}

@Suite struct ErrorTests {
    @Test(arguments: [
        "https://user:hunter2@git.example.org/repo.git",
        "https://ghp_token123@git.example.org/repo.git",
        "ssh://git:hunter2@git.example.org/repo.git",
    ])
    func credentialsInURLsNeverReachErrors(_ url: String) async throws {
        let repo = try GitRepository(url: url, cacheDirectory: "/nonexistent/cache")
        #expect(!repo.remote.contains("hunter2") && !repo.remote.contains("ghp_token123"))
        #expect(repo.remote.contains("***@git.example.org"))
    }

    @Test func unsupportedSchemeIsInvalidConfiguration() {
        #expect {
            try GitRepository(url: "ftp://example.org/repo.git", cacheDirectory: "/tmp/x")
        } throws: { error in
            (error as? RepoSyncError)?.code == .invalidConfiguration
        }
    }

    @Test func cacheDirectoriesDifferPerRemoteAndHideCredentials() {
        let a = GitRepository.cacheDirectory(for: "https://tok@git.example.org/a.git", under: "/c")
        let b = GitRepository.cacheDirectory(for: "https://git.example.org/b.git", under: "/c")
        #expect(a != b)
        #expect(a.hasPrefix("/c/") && !a.contains("tok"))
    }
}

@Suite struct RemoteURLTests {
    /// (url, transport, host, port, ssh user, path, URL libgit2 gets through a relay on port 4000)
    static let cases: [(String, String, String, Int, String?, String, String?)] = [
        ("https://git.example.org/a/b.git", "https", "git.example.org", 443, nil, "/a/b.git", nil),
        ("http://h:8080/x", "http", "h", 8080, nil, "/x", nil),
        ("git://h/x.git", "git", "h", 9418, nil, "/x.git", nil),
        (
            "ssh://deploy@h:2222/srv/x.git", "ssh", "h", 2222, "deploy", "/srv/x.git",
            "ssh://deploy@127.0.0.1:4000/srv/x.git"
        ),
        (
            "git@github.com:org/repo.git", "ssh", "github.com", 22, "git", "org/repo.git",
            "ssh://git@127.0.0.1:4000/~/org/repo.git"
        ),
        ("host:/abs/repo.git", "ssh", "host", 22, "git", "/abs/repo.git", "ssh://git@127.0.0.1:4000/abs/repo.git"),
        ("file:///srv/x.git", "file", "", 0, nil, "/srv/x.git", nil),
        ("/srv/x.git", "file", "", 0, nil, "/srv/x.git", nil),
    ]

    @Test(arguments: cases)
    func parses(
        _ text: String, transport: String, host: String, port: Int, user: String?, path: String, relayed: String?
    ) throws {
        let url = try RemoteURL(text)
        #expect(url.transport.rawValue == transport)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.sshUser == user)
        #expect(url.path == path)
        if let relayed { #expect(url.sshURL(relayPort: 4000) == relayed) }
    }

    @Test(arguments: [
        ("fatal: https://u:p@h/x failed", "fatal: https://***@h/x failed"),
        ("see ssh://git@h/x and ssh://git:pw@h/y", "see ssh://git@h/x and ssh://***@h/y"),
        ("no url here", "no url here"),
    ])
    func redactsUserInformation(_ text: String, _ expected: String) {
        #expect(RemoteURL.redactCredentials(in: text) == expected)
    }
}

@Suite struct KnownHostsTests {
    static let key = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
    static let otherKey = "AAAAC3NzaC1lZDI1NTE5AAAAIB2ZpQ6sq5nC5mKXYo2n3L4g6oLkX6w1GQ3w6r7QmJ7e"

    /// (known_hosts text, host, port, verdict)
    static let cases: [(String, String, Int, KnownHosts.Verdict)] = [
        ("h ssh-ed25519 \(key)", "h", 22, .trusted),
        ("h ssh-ed25519 \(otherKey)", "h", 22, .mismatch),
        ("other ssh-ed25519 \(key)", "h", 22, .unknown),
        ("[h]:2222 ssh-ed25519 \(key)", "h", 2222, .trusted),
        ("h ssh-ed25519 \(key)", "h", 2222, .unknown),
        ("*.example.org,!bad.example.org ssh-ed25519 \(key)", "git.example.org", 22, .trusted),
        ("*.example.org,!bad.example.org ssh-ed25519 \(key)", "bad.example.org", 22, .unknown),
        ("@revoked h ssh-ed25519 \(key)\nh ssh-ed25519 \(key)", "h", 22, .revoked),
        ("# comment\n\nh ssh-ed25519 \(key)", "h", 22, .trusted),
        // `ssh-keygen -H` of "h" with salt 0x00…: HMAC-SHA1 computed independently by openssl.
        ("|1|AAAAAAAAAAAAAAAAAAAAAAAAAAA=|pKGEfL80ElPzOH4Xe99PTve5QiY= ssh-ed25519 \(key)", "h", 22, .trusted),
    ]

    @Test(arguments: cases)
    func verdicts(_ text: String, host: String, port: Int, expected: KnownHosts.Verdict) {
        let hosts = KnownHosts(parsing: text, source: "test")
        #expect(hosts.verdict(host: host, port: port, key: Base64.decode(Substring(Self.key))!) == expected)
    }

    @Test func sha1MatchesKnownVectors() {
        #expect(
            SHA1.hash(Array("abc".utf8)).map { String(format: "%02x", $0) }.joined()
                == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Base64.encode(Array("any carnal pleas".utf8)) == "YW55IGNhcm5hbCBwbGVhcw==")
    }
}
