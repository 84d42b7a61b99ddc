internal import CGit2
import Foundation

/// Process-wide libgit2 setup and the conversion of libgit2 return codes into `RepoSyncError`.
enum LibGit2 {
    private static let initialized: Bool = {
        git_libgit2_init()
        // libgit2 writes to sockets that the server may have closed: without this a dropped
        // git:// connection kills the process with SIGPIPE instead of failing the fetch.
        signal(SIGPIPE, SIG_IGN)
        // Caches serve one agent; they are never shared with another user's checkout.
        _ = gitops_git_opts_int(Int32(GIT_OPT_SET_OWNER_VALIDATION.rawValue), 0)
        // Set once, before any other thread uses libgit2: libgit2 does not guard this setting.
        // The user's ~/.gitconfig is then not read, which keeps caches independent of it. The
        // directory itself is only created by the first ssh fetch.
        _ = gitops_git_opts_str(Int32(GIT_OPT_SET_HOMEDIR.rawValue), SSHHome.directory)
        return true
    }()

    /// Runs `git_libgit2_init` the first time it is called; cheap afterwards.
    static func ensureInitialized() {
        _ = initialized
    }

    /// Clears libgit2's sticky thread-local error, then runs `body`; a negative result becomes a
    /// `RepoSyncError` carrying libgit2's message.
    static func check(
        _ operation: String, remote: String? = nil, code: RepoSyncError.Code = .git, _ body: () -> Int32
    ) throws(RepoSyncError) {
        ensureInitialized()
        git_error_clear()
        let result = body()
        if result < 0 {
            throw error(operation, result: result, remote: remote, code: code)
        }
    }

    /// The error for a failed libgit2 call with result `result`, from libgit2's last error.
    static func error(
        _ operation: String, result: Int32, remote: String?, code: RepoSyncError.Code = .git
    ) -> RepoSyncError {
        var message = "libgit2 error \(result)"
        var errorClass: Int32?
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
            errorClass = last.pointee.klass
        }
        message = RemoteURL.redactCredentials(in: message)
        var chosen = code
        if code == .git {
            if result == GIT_ENOTFOUND.rawValue { chosen = .pathNotFound }
            if result == GIT_EAUTH.rawValue { chosen = .authenticationFailed }
            if result == GIT_ECERTIFICATE.rawValue { chosen = .certificateInvalid }
            if result == GIT_TIMEOUT.rawValue { chosen = .timeout }
        }
        return RepoSyncError(
            chosen, message, operation: operation, remote: remote, gitErrorClass: errorClass, gitErrorCode: result)
    }
}
