internal import CGit2
import Foundation

extension Fetcher {
    /// Turns a failed network call into the error to report: a callback's own failure first,
    /// then the deadline, then libgit2's message sorted into unreachable / timeout.
    func classify(
        _ error: RepoSyncError, session: FetchSession, relayTimedOut: Bool, deadline: ContinuousClock.Instant
    ) -> RepoSyncError {
        if let failure = session.failure { return failure }
        if error.code != .git && error.code != .pathNotFound { return error }
        let text = error.message.lowercased()
        var result = error
        result.remote = remote
        // libgit2's socket timeout (GIT_TIMEOUT, -37) reaches us through mbedTLS as
        // "SSL error: 0xffffffdb" (mbedTLS's text for -0x25 is an unrelated AES message).
        let tlsReadTimedOut = text.contains("ssl error: 0xffffffdb")
        if relayTimedOut || ContinuousClock.now >= deadline || text.contains("timed out") || tlsReadTimedOut {
            result.code = .timeout
            result.message =
                "no answer from \(url.host.isEmpty ? "the server" : url.host) within the deadline "
                + "(\(options.fetchDeadline)): \(tlsReadTimedOut ? "TLS read timed out" : error.message)"
            return result
        }
        let network = [GIT_ERROR_NET, GIT_ERROR_SSH, GIT_ERROR_HTTP, GIT_ERROR_SSL, GIT_ERROR_OS]
            .map { Int32($0.rawValue) }
        if let errorClass = error.gitErrorClass, network.contains(errorClass),
            [
                "failed to connect", "connection refused", "failed to resolve", "could not resolve", "unreachable",
                "failed to start ssh session", "no route",
            ].contains(where: text.contains)
        {
            result.code = .unreachable
            result.message = "cannot reach the server: \(error.message); check the URL and that the server is up"
            return result
        }
        if Self.missingRepositoryMessages.contains(where: text.contains) {
            result.code = .repositoryNotFound
            result.message = "the server has no repository at this URL (or hides it): \(error.message)"
            return result
        }
        let local = [GIT_ERROR_ODB, GIT_ERROR_ZLIB, GIT_ERROR_REFERENCE, GIT_ERROR_REPOSITORY, GIT_ERROR_OBJECT]
            .map { Int32($0.rawValue) }
        if let errorClass = error.gitErrorClass, local.contains(errorClass) {
            return corrupt("the cache failed during the fetch: \(error.message)")
        }
        return result
    }

    /// What git daemon, git http-backend and git-upload-pack over ssh say for a missing repository.
    private static let missingRepositoryMessages = [
        "not exported", "no such repository", "status code: 404", "repository not found",
        "does not appear to be a git",
    ]
}
