/// How to authenticate to a remote. Secrets are read from files at fetch time, never kept in
/// URLs, logs or errors.
public enum Credentials: Sendable, Hashable {
    /// No credentials (public repositories, git://, file://, or credentials in a server-side proxy).
    case none
    /// https with an access token read from `file` (surrounding whitespace dropped), sent as
    /// the password of basic auth with user name `username` — `x-access-token` suits GitHub,
    /// Gitea and GitLab.
    case token(file: String, username: String = "x-access-token")
    /// https basic auth with `username` and the password read from `passwordFile`.
    case basic(username: String, passwordFile: String)
    /// ssh with a private key file (OpenSSH format). Use an ed25519 key: RSA keys fail against
    /// current OpenSSH servers because libssh2 1.10 signs with SHA-1 (`ssh-rsa`), which those
    /// servers refuse. The passphrase, if any, is read from `passphraseFile`. The server's host
    /// key must be in `GitRepository.Options.knownHostsFile`.
    case sshKey(privateKeyFile: String, passphraseFile: String? = nil)
}
