extension GitRepository {
    /// Settings of one remote: credentials, TLS, ssh host keys, deadlines, shallow fetches and the
    /// caps that keep a hostile repository from exhausting the agent.
    public struct Options: Sendable, Hashable {
        /// How to authenticate; see `Credentials`.
        public var credentials: Credentials = .none
        /// The known_hosts file holding the ssh server's host key (required for ssh remotes;
        /// nil means `~/.ssh/known_hosts`). Hashed entries and `[host]:port` names work.
        public var knownHostsFile: String?
        /// A PEM bundle of extra CA certificates trusted for https, on top of the system's.
        public var caFile: String?
        /// Accept any https certificate. Off by default; only for test servers.
        public var insecureSkipTLSVerify = false
        /// Time to open the connection to the server.
        public var connectTimeout: Duration = .seconds(15)
        /// Time for one whole fetch, including waiting for the cache lock.
        public var fetchDeadline: Duration = .seconds(60)
        /// Fetch only the tip commit (depth 1) on the first fetch. libgit2 1.8.4 supports this over
        /// http(s) only; over ssh and git:// the fetch is silently a full one.
        public var shallow = false
        /// Largest blob `Snapshot` reads, in bytes.
        public var maxBlobSize = 8 * 1024 * 1024
        /// Most files one snapshot may hold.
        public var maxFiles = 20_000
        /// How many times the credential callback answers before the fetch gives up (libgit2
        /// asks again after each rejection, forever).
        public var maxCredentialAttempts = 1

        /// No credentials, TLS verified, 15 s to connect, 60 s per fetch, full history, 8 MiB per
        /// blob, 20,000 files per snapshot.
        public static let `default` = Options()

        /// The defaults; change fields as needed.
        public init() {}
    }
}
