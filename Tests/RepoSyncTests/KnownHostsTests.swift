import Foundation
import Testing

@testable import RepoSync

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
