/// The one error type of RepoSync: what failed (`code`, `message`), during which `operation`,
/// against which remote (credentials redacted), and libgit2's own class and code when it was
/// libgit2 that failed.
public struct RepoSyncError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable category callers can switch on.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable text form, e.g. `unknown-ref` (also shown in `description`).
        public var rawValue: String
        /// A code with text `rawValue`.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The same as `rawValue`.
        public var description: String { rawValue }

        /// The server could not be reached (refused, no route, DNS).
        public static let unreachable = Code(rawValue: "unreachable")
        /// The server answered but has no such repository (or does not let us see it).
        public static let repositoryNotFound = Code(rawValue: "repository-not-found")
        /// The connect timeout or the overall deadline passed.
        public static let timeout = Code(rawValue: "timeout")
        /// The server rejected the credentials, or asked for credentials that were not given.
        public static let authenticationFailed = Code(rawValue: "authentication-failed")
        /// The ssh host is not in the known_hosts file.
        public static let hostKeyUnknown = Code(rawValue: "host-key-unknown")
        /// The ssh host key differs from the known_hosts entry (or is revoked).
        public static let hostKeyMismatch = Code(rawValue: "host-key-mismatch")
        /// The TLS certificate could not be verified.
        public static let certificateInvalid = Code(rawValue: "certificate-invalid")
        /// No branch, tag or commit matches the requested ref.
        public static let unknownRef = Code(rawValue: "unknown-ref")
        /// The directory is not inside a git repository.
        public static let notARepository = Code(rawValue: "not-a-repository")
        /// A path does not exist in the commit.
        public static let pathNotFound = Code(rawValue: "path-not-found")
        /// A blob is larger than the configured cap.
        public static let blobTooLarge = Code(rawValue: "blob-too-large")
        /// More files matched than the configured cap.
        public static let tooManyFiles = Code(rawValue: "too-many-files")
        /// The remote URL or a credential file is unusable.
        public static let invalidConfiguration = Code(rawValue: "invalid-configuration")
        /// The cache directory is damaged (it is re-cloned automatically where possible).
        public static let corruptCache = Code(rawValue: "corrupt-cache")
        /// Another operation holds the cache lock past the deadline.
        public static let cacheLocked = Code(rawValue: "cache-locked")
        /// A file-system operation failed.
        public static let io = Code(rawValue: "io")
        /// Any other libgit2 failure; see `message`.
        public static let git = Code(rawValue: "git")
    }

    /// The category of the failure.
    public var code: Code
    /// What went wrong and, where possible, what to do about it. Never contains credentials.
    public var message: String
    /// The operation that failed, e.g. `fetch`, `resolve`, `read blob`.
    public var operation: String
    /// The remote URL with any user information replaced by `***`, when a remote was involved.
    public var remote: String?
    /// libgit2's error class (`git_error_t`) and return code, when libgit2 reported the failure.
    public var gitErrorClass: Int32?
    /// libgit2's return code (`git_error_code`), when libgit2 reported the failure.
    public var gitErrorCode: Int32?

    /// An error of `code` with `message`, raised by `operation` (against `remote`).
    public init(
        _ code: Code, _ message: String, operation: String, remote: String? = nil,
        gitErrorClass: Int32? = nil, gitErrorCode: Int32? = nil
    ) {
        self.code = code
        self.message = message
        self.operation = operation
        self.remote = remote
        self.gitErrorClass = gitErrorClass
        self.gitErrorCode = gitErrorCode
    }

    /// One line: `<operation> <remote> failed (<code>): <message>`.
    public var description: String {
        let target = remote.map { " \($0)" } ?? ""
        return "\(operation)\(target) failed (\(code)): \(message)"
    }
}
