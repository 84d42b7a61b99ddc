import Foundation
import Testing

@testable import RepoSync

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
