import Foundation

/// A private `sshd` on 127.0.0.1 that lets `user` in with a generated ed25519 key, so that git
/// over ssh (`git-upload-pack`) reaches the repositories on this machine. Runs as the current
/// user (root in the test containers: sshd needs it).
///
/// Files for the client: `userKeyFile` (private key), `knownHostsFile` (the server's host keys
/// as `[127.0.0.1]:<port> …`). `url(path)` gives `ssh://user@127.0.0.1:<port><path>`.
public final class GitSSHServer: Sendable {
    public let port: Int
    public let user: String
    public let userKeyFile: String
    public let knownHostsFile: String
    /// The ed25519 host key's public line (`ssh-ed25519 AAAA…`).
    public let hostPublicKey: String
    private let process: ServerProcess

    /// - Parameters:
    ///   - workDirectory: where keys, config and the log go.
    ///   - authorizedKeyFiles: extra public keys to authorize (e.g. an RSA key for a test).
    public init(workDirectory: String, authorizedKeyFiles: [String] = []) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        if !files.fileExists(atPath: "/run/sshd") {
            try files.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        }
        user = ProcessInfo.processInfo.environment["USER"] ?? "root"
        let hostKey = workDirectory + "/host_ed25519"
        let hostECDSAKey = workDirectory + "/host_ecdsa"
        userKeyFile = workDirectory + "/id_ed25519"
        knownHostsFile = workDirectory + "/known_hosts"
        try Self.keygen("ed25519", hostKey)
        try Self.keygen("ecdsa", hostECDSAKey)
        try Self.keygen("ed25519", userKeyFile)
        var authorized = try String(contentsOfFile: userKeyFile + ".pub", encoding: .utf8)
        for extra in authorizedKeyFiles { authorized += try String(contentsOfFile: extra, encoding: .utf8) }
        try authorized.write(toFile: workDirectory + "/authorized_keys", atomically: true, encoding: .utf8)
        port = try Ports.free()
        let publicLine = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8)
        hostPublicKey = publicLine.split(separator: " ").prefix(2).joined(separator: " ")
        // Only the ed25519 key is listed although the server also offers ecdsa: the client has
        // to prefer the listed type, as with a real known_hosts file.
        try "[127.0.0.1]:\(port) \(hostPublicKey)\n".write(toFile: knownHostsFile, atomically: true, encoding: .utf8)
        let config = workDirectory + "/sshd_config"
        try """
        Port \(port)
        ListenAddress 127.0.0.1
        HostKey \(hostKey)
        HostKey \(hostECDSAKey)
        PidFile \(workDirectory)/sshd.pid
        AuthorizedKeysFile \(workDirectory)/authorized_keys
        StrictModes no
        UsePAM no
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin prohibit-password
        PubkeyAuthentication yes
        LogLevel VERBOSE
        SetEnv GIT_CONFIG_NOSYSTEM=1
        """.write(toFile: config, atomically: true, encoding: .utf8)
        process = try ServerProcess(
            "/usr/sbin/sshd", ["-D", "-e", "-f", config], logFile: workDirectory + "/sshd.log", waitForPort: port)
    }

    /// `ssh://<user>@127.0.0.1:<port><absolutePath>`.
    public func url(_ absolutePath: String) -> String { "ssh://\(user)@127.0.0.1:\(port)\(absolutePath)" }

    public func log() -> String { process.log() }

    public func stop() { process.stop() }

    /// Writes a new key pair of `type` (`ed25519`, `ecdsa`, `rsa`) to `path` and `path.pub`.
    public static func keygen(_ type: String, _ path: String) throws {
        try ProcessRunner.check("ssh-keygen", ["-q", "-t", type, "-N", "", "-C", "gitops-test", "-f", path])
    }
}
