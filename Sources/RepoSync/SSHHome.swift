import Foundation
import Synchronization

/// A private home directory for libgit2 whose `.ssh/known_hosts` lists, for each running ssh
/// fetch, the relay's `[127.0.0.1]:port` with the real server's known key types.
///
/// libgit2 reads `$HOME/.ssh/known_hosts` to tell libssh2 which host-key types to prefer; without
/// a matching entry a server offering several types negotiates ecdsa first, and a known_hosts
/// file listing only its ed25519 key would be rejected. The relay's port is unique per fetch,
/// so concurrent fetches never disturb each other's lines. libgit2 is pointed at this home once,
/// in `LibGit2.ensureInitialized`.
enum SSHHome {
    private static let state = Mutex<[Int: [String]]>([:])
    static let directory = NSTemporaryDirectory() + "gitops-agent-home-\(getpid())"

    /// Adds the lines for relay `port`.
    static func register(relayPort port: Int, entries: [KnownHosts.Entry]) throws(RepoSyncError) {
        let lines = entries.map { "[127.0.0.1]:\(port) \($0.keyType) \($0.keyBase64)" }
        try rewrite { $0[port] = lines }
    }

    /// Removes the lines for relay `port`.
    static func unregister(relayPort port: Int) {
        try? rewrite { $0[port] = nil }
    }

    /// Removes the directory when the process exits normally.
    private static let cleanup: Void = {
        atexit { try? FileManager.default.removeItem(atPath: SSHHome.directory) }
    }()

    private static func rewrite(_ change: (inout [Int: [String]]) -> Void) throws(RepoSyncError) {
        _ = cleanup
        let result: RepoSyncError? = state.withLock { table in
            change(&table)
            let text = table.values.flatMap { $0 }.joined(separator: "\n") + "\n"
            do {
                try FileManager.default.createDirectory(atPath: directory + "/.ssh", withIntermediateDirectories: true)
                try text.write(toFile: directory + "/.ssh/known_hosts", atomically: true, encoding: .utf8)
            } catch {
                return RepoSyncError(
                    .io, "cannot write \(directory)/.ssh/known_hosts: \(error)", operation: "ssh setup")
            }
            return nil
        }
        if let result { throw result }
    }
}
