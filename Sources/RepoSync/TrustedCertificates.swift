internal import CGit2
import Foundation
import Synchronization

/// The CA certificates libgit2 trusts for https. libgit2's TLS (mbedTLS) keeps one global chain,
/// so extra CA files are merged with the system bundle into one file for the whole process.
/// Fetches over https hold the read side of `lock` while they run; changing the chain takes the
/// write side, so a chain is never replaced under a TLS handshake in progress.
enum TrustedCertificates {
    static let lock = ReadWriteLock()
    private static let added = Mutex<[String]>([])
    private static let bundle = NSTemporaryDirectory() + "gitops-agent-ca-\(getpid()).pem"
    /// Removes the merged bundle when the process exits normally.
    private static let cleanup: Void = {
        atexit { try? FileManager.default.removeItem(atPath: TrustedCertificates.bundle) }
    }()
    private static let systemBundles = [
        "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem",
    ]

    /// Makes sure the certificates of `caFile` are trusted; a no-op when they already are.
    static func add(_ caFile: String, remote: String) throws(RepoSyncError) {
        guard let pem = FileManager.default.contents(atPath: caFile), !pem.isEmpty else {
            throw RepoSyncError(
                .invalidConfiguration, "cannot read CA file \(caFile)", operation: "configure TLS", remote: remote)
        }
        let text = String(decoding: pem, as: UTF8.self)
        guard text.contains("-----BEGIN CERTIFICATE-----") else {
            throw RepoSyncError(
                .invalidConfiguration, "CA file \(caFile) holds no PEM certificate", operation: "configure TLS",
                remote: remote)
        }
        if added.withLock({ $0.contains(text) }) { return }
        try lock.withWriteLock { () throws(RepoSyncError) in
            let all = added.withLock { list in
                if !list.contains(text) { list.append(text) }
                return list
            }
            let system = systemBundles.lazy.compactMap { FileManager.default.contents(atPath: $0) }.first ?? Data()
            _ = cleanup
            let contents = String(decoding: system, as: UTF8.self) + "\n" + all.joined(separator: "\n")
            do {
                try contents.write(toFile: bundle, atomically: true, encoding: .utf8)
            } catch {
                throw RepoSyncError(.io, "cannot write \(bundle): \(error)", operation: "configure TLS")
            }
            try LibGit2.check("configure TLS", remote: remote) { gitops_git_opts_ssl_locations(bundle, nil) }
        }
    }
}
