import Foundation
import RepoSync
import Rollout

/// The branch head from RepoSync: fetch the configured branch into the local cache, then read
/// every file of the commit.
struct GitRepositorySource: RepositorySource {
    let repository: GitRepository
    let branch: String

    init(_ settings: Config.Repository) throws {
        var options = GitRepository.Options.default
        if let tokenFile = settings.tokenFile {
            options.credentials = .token(file: tokenFile, username: settings.username ?? "x-access-token")
        } else if let key = settings.sshKeyFile {
            options.credentials = .sshKey(privateKeyFile: key, passphraseFile: settings.sshKeyPassphraseFile)
        }
        options.knownHostsFile = settings.knownHostsFile
        options.caFile = settings.caFile
        options.fetchDeadline = settings.timeout
        let root = settings.cacheDirectory ?? GitRepository.defaultCacheRoot
        do {
            repository = try GitRepository(
                url: settings.url, cacheDirectory: GitRepository.cacheDirectory(for: settings.url, under: root),
                options: options)
        } catch {
            throw AgentError(.fetch, "repository url '\(settings.url)': \(error)")
        }
        branch = settings.branch
    }

    func head() async throws -> RepositoryHead {
        let snapshot: Snapshot
        do {
            let fetched = try await repository.fetch(branch)
            snapshot = try await repository.snapshot(at: fetched.commit.sha, path: "", filter: .all)
        } catch {
            throw AgentError(.fetch, "branch \(branch) of \(repository.remote): \(error)")
        }
        return Self.head(of: snapshot)
    }

    static func head(of snapshot: Snapshot) -> RepositoryHead {
        let contents = Dictionary(snapshot.files.map { ($0.path, $0.contents) }, uniquingKeysWith: { a, _ in a })
        let commit = snapshot.commit
        return RepositoryHead(
            commit: Release.Commit(
                sha: commit.sha, author: "\(commit.author.name) <\(commit.author.email)>", subject: commit.subject),
            files: snapshot.files.map(\.path),
            read: { path in
                guard let bytes = contents[path] else { throw AgentError(.manifests, "\(path) is not in the snapshot") }
                return bytes
            })
    }
}
