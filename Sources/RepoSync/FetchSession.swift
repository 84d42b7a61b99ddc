internal import CGit2
import Foundation

/// The state libgit2's remote callbacks work on during one fetch: credentials, host keys, the
/// deadline, and the first failure a callback saw (reported instead of libgit2's vaguer error).
///
/// Passed to C as the callbacks' payload; it lives on the fetch thread for the whole call.
final class FetchSession {
    let remote: RemoteURL
    let options: GitRepository.Options
    let knownHosts: KnownHosts?
    let deadline: ContinuousClock.Instant
    private var attempts = 0
    /// Set by a callback that refused to continue.
    var failure: RepoSyncError?

    init(remote: RemoteURL, options: GitRepository.Options, knownHosts: KnownHosts?, deadline: ContinuousClock.Instant)
    {
        self.remote = remote
        self.options = options
        self.knownHosts = knownHosts
        self.deadline = deadline
    }

    /// Fills libgit2's callbacks with the functions below and `self` as payload. The caller keeps
    /// `self` alive while libgit2 may call them.
    func install(_ callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, _, _, allowed, payload in
            FetchSession.from(payload).credential(out, allowed: allowed)
        }
        callbacks.certificate_check = { cert, valid, host, payload in
            FetchSession.from(payload).checkCertificate(cert, valid: valid != 0, host: host)
        }
        callbacks.transfer_progress = { _, payload in
            FetchSession.from(payload).checkDeadline()
        }
        callbacks.sideband_progress = { _, _, payload in
            FetchSession.from(payload).checkDeadline()
        }
    }

    private static func from(_ payload: UnsafeMutableRawPointer?) -> FetchSession {
        Unmanaged<FetchSession>.fromOpaque(payload!).takeUnretainedValue()
    }

    private func fail(_ code: RepoSyncError.Code, _ message: String, result: git_error_code) -> Int32 {
        let error = RepoSyncError(code, message, operation: "fetch", remote: remote.redacted)
        if failure == nil { failure = error }
        git_error_set_str(Int32(GIT_ERROR_CALLBACK.rawValue), message)
        return result.rawValue
    }

    func checkDeadline() -> Int32 {
        guard ContinuousClock.now >= deadline else { return 0 }
        return fail(
            .timeout,
            "the fetch did not finish within \(options.fetchDeadline); raise the deadline or check the server",
            result: GIT_EUSER)
    }

    private func credential(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, allowed: UInt32)
        -> Int32
    {
        attempts += 1
        let userpass = allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0
        let sshKey = allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0
        if attempts > options.maxCredentialAttempts {
            return fail(.authenticationFailed, rejectionMessage(), result: GIT_EAUTH)
        }
        do throws(RepoSyncError) {
            switch options.credentials {
            case .none:
                let hint = sshKey ? "an ssh key (--ssh-key)" : "a token (--token-file) or user and password"
                return fail(
                    .authenticationFailed, "the server requires authentication; give \(hint)", result: GIT_EAUTH)
            case .token(let file, let username) where userpass:
                return git_credential_userpass_plaintext_new(out, username, try Self.readSecret(file))
            case .basic(let username, let passwordFile) where userpass:
                return git_credential_userpass_plaintext_new(out, username, try Self.readSecret(passwordFile))
            case .sshKey(let keyFile, let passphraseFile) where sshKey:
                guard FileManager.default.isReadableFile(atPath: keyFile) else {
                    return fail(.invalidConfiguration, "cannot read ssh key file \(keyFile)", result: GIT_EAUTH)
                }
                let passphrase = try passphraseFile.map(Self.readSecret)
                return git_credential_ssh_key_new(out, remote.sshUser ?? "git", nil, keyFile, passphrase)
            default:
                return fail(
                    .invalidConfiguration,
                    "the configured credentials do not fit a \(remote.transport.rawValue) remote "
                        + "(tokens and passwords are for https, keys for ssh)",
                    result: GIT_EAUTH)
            }
        } catch {
            return fail(error.code, error.message, result: GIT_EAUTH)
        }
    }

    private func rejectionMessage() -> String {
        switch options.credentials {
        case .sshKey(let keyFile, _):
            var text = "the server rejected the ssh key \(keyFile) for user '\(remote.sshUser ?? "git")'"
            if Self.isRSAKey(keyFile) {
                text +=
                    "; it is an RSA key, which current OpenSSH servers refuse from libssh2 because it signs with "
                    + "SHA-1 (ssh-rsa): use an ed25519 key"
            }
            return text
        case .token(let file, _):
            return "the server rejected the token from \(file); check that it is valid and may read the repository"
        case .basic(let username, _):
            return "the server rejected user '\(username)' and its password"
        case .none:
            return "the server requires authentication"
        }
    }

    private static func isRSAKey(_ keyFile: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: keyFile) else { return false }
        let text = String(decoding: data, as: UTF8.self)
        if text.contains("BEGIN RSA PRIVATE KEY") { return true }
        let body = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard let decoded = Base64.decode(Substring(body)) else { return false }
        return decoded.prefix(200).withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }.contains("ssh-rsa")
    }

    static func readSecret(_ file: String) throws(RepoSyncError) -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw RepoSyncError(.invalidConfiguration, "cannot read credential file \(file)", operation: "fetch")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>?, valid: Bool, host: UnsafePointer<CChar>?)
        -> Int32
    {
        guard let cert else { return GIT_ECERTIFICATE.rawValue }
        if cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 {
            return checkHostKey(UnsafeMutableRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee)
        }
        if valid || options.insecureSkipTLSVerify { return 0 }
        let hint =
            options.caFile == nil
            ? "if it is signed by a private CA, pass that CA with --ca-file"
            : "it is not signed by a CA in \(options.caFile!) or the system bundle, or its name does not match"
        return fail(
            .certificateInvalid, "the TLS certificate of \(remote.host) could not be verified; \(hint)",
            result: GIT_ECERTIFICATE)
    }

    private func checkHostKey(_ key: git_cert_hostkey) -> Int32 {
        let file = knownHosts?.source ?? "known_hosts"
        guard key.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = key.hostkey, let knownHosts else {
            return fail(.hostKeyUnknown, "no host key to check for \(remote.host)", result: GIT_ECERTIFICATE)
        }
        let bytes = Array(UnsafeRawBufferPointer(start: raw, count: key.hostkey_len))
        let fingerprint =
            "SHA256:"
            + Base64.encode(withUnsafeBytes(of: key.hash_sha256) { Array($0) })
            .replacingOccurrences(of: "=", with: "")
        let name = remote.knownHostsName
        switch knownHosts.verdict(host: remote.host, port: remote.port, key: bytes) {
        case .trusted:
            return 0
        case .unknown:
            let scan = remote.port == 22 ? remote.host : "-p \(remote.port) \(remote.host)"
            return fail(
                .hostKeyUnknown,
                "host \(name) is not in known_hosts file \(file) (its key is \(fingerprint)); after checking that "
                    + "fingerprint add it, e.g. `ssh-keyscan \(scan) >> \(file)`",
                result: GIT_ECERTIFICATE)
        case .mismatch:
            return fail(
                .hostKeyMismatch,
                "host key of \(name) (\(fingerprint)) does not match its entry in \(file): possibly a "
                    + "man-in-the-middle; if the server's key really changed, replace its line in \(file)",
                result: GIT_ECERTIFICATE)
        case .revoked:
            return fail(
                .hostKeyMismatch, "host key of \(name) (\(fingerprint)) is marked @revoked in \(file)",
                result: GIT_ECERTIFICATE)
        }
    }
}
