import Foundation
import RepoSync
import Testing

@Suite struct RepoSyncErrorTests {
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
