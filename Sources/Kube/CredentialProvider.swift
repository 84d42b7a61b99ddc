import Foundation
import Manifests
import Spawn
import Synchronization

/// Turns `ClusterConfig.Credentials` into request headers, caching what is costly: a token
/// file is re-read only when it changes on disk, an exec plugin re-runs only when its token has
/// expired or the server answered 401. Runs on transfer threads (it may block on the plugin).
final class CredentialProvider: Sendable {
    struct Resolved: Sendable {
        /// The `Authorization` header value. Never logged, never put into an error.
        var authorization: String?
        var clientCertPEM: [UInt8]?
        var clientKeyPEM: [UInt8]?
    }

    private struct FileStamp: Equatable {
        var modified: Double
        var size: Int
        var inode: Int
    }

    private struct Cache {
        var tokenFileStamp: FileStamp?
        var execExpiry: Date?
        var resolved: Resolved?
    }

    private let credentials: ClusterConfig.Credentials
    private let server: String
    private let clusterInfo: Value
    private let cache = Mutex(Cache())
    /// Held while the exec plugin runs, so that concurrent first requests start it once.
    private let execGate = Mutex(())
    private let pluginRuns = Atomic<Int>(0)

    init(config: ClusterConfig) {
        credentials = config.credentials
        server = config.server
        var cluster = ObjectValue([("server", .string(config.server))])
        if let name = config.tlsServerName { cluster["tls-server-name"] = .string(name) }
        if config.insecureSkipTLSVerify { cluster["insecure-skip-tls-verify"] = true }
        switch config.certificateAuthority {
        case .data(let pem): cluster["certificate-authority-data"] = .string(Data(pem).base64EncodedString())
        case .file(let path):
            if let pem = FileManager.default.contents(atPath: path) {
                cluster["certificate-authority-data"] = .string(pem.base64EncodedString())
            }
        case nil: break
        }
        clusterInfo = .object(cluster)
    }

    /// Whether asking again after a 401 can give different credentials.
    var canRefresh: Bool {
        switch credentials {
        case .tokenFile, .exec: return true
        case .none, .token, .basic: return false
        }
    }

    /// How many times the exec plugin ran (for tests and metrics).
    var execRuns: Int { pluginRuns.load(ordering: .relaxed) }

    /// The credentials for the next request; `refresh` forces a re-read after a 401.
    func current(refresh: Bool = false) throws(KubeError) -> Resolved {
        switch credentials {
        case .none: return Resolved()
        case .token(let token): return Resolved(authorization: "Bearer \(token)")
        case .basic(let user, let password):
            let encoded = Data("\(user):\(password)".utf8).base64EncodedString()
            return Resolved(authorization: "Basic \(encoded)")
        case .tokenFile(let path): return try tokenFromFile(path, refresh: refresh)
        case .exec(let exec): return try execCredential(exec, refresh: refresh)
        }
    }

    private func tokenFromFile(_ path: String, refresh: Bool) throws(KubeError) -> Resolved {
        let stamp = Self.stamp(path)
        if !refresh, let cached = cache.withLock({ $0.tokenFileStamp == stamp && stamp != nil ? $0.resolved : nil }) {
            return cached
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KubeError(
                reason: .credentials, message: "cannot read the token file \(path)", operation: "authenticate",
                server: server)
        }
        let token = String(decoding: data, as: UTF8.self).trimmingSpaces()
        let resolved = Resolved(authorization: token.isEmpty ? nil : "Bearer \(token)")
        cache.withLock {
            $0.tokenFileStamp = stamp
            $0.resolved = resolved
        }
        return resolved
    }

    private static func stamp(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) * 1e-9
        return FileStamp(modified: modified, size: Int(info.st_size), inode: Int(info.st_ino))
    }

    private func execCredential(_ exec: ClusterConfig.ExecConfig, refresh: Bool) throws(KubeError) -> Resolved {
        if !refresh, let cached = validExecCredential() { return cached }
        return try execGate.withLock { _ throws(KubeError) -> Resolved in
            // Another thread may have run the plugin while this one waited.
            if !refresh, let cached = validExecCredential() { return cached }
            let (resolved, expiry) = try ExecPlugin(config: exec, server: server, clusterInfo: clusterInfo).run()
            pluginRuns.add(1, ordering: .relaxed)
            cache.withLock {
                $0.resolved = resolved
                $0.execExpiry = expiry
            }
            return resolved
        }
    }

    private func validExecCredential() -> Resolved? {
        cache.withLock { c -> Resolved? in
            guard let resolved = c.resolved else { return nil }
            // A credential without expiry lasts until a 401; one with expiry is renewed 10 s early.
            if let expiry = c.execExpiry, expiry.timeIntervalSinceNow < 10 { return nil }
            return resolved
        }
    }
}

/// Runs one client.authentication.k8s.io exec plugin and reads its ExecCredential.
private struct ExecPlugin {
    var config: ClusterConfig.ExecConfig
    var server: String
    /// `spec.cluster` of the ExecCredential, sent when the kubeconfig sets `provideClusterInfo`.
    var clusterInfo: Value

    func fail(_ message: String) -> KubeError {
        KubeError(
            reason: .credentials, message: "exec plugin \(config.command): \(message)", operation: "authenticate",
            server: server)
    }

    func run() throws(KubeError) -> (CredentialProvider.Resolved, Date?) {
        guard let executable = locate(config.command) else {
            var message = "command not found"
            if let hint = config.installHint { message += "; \(hint.trimmingSpaces())" }
            throw fail(message)
        }
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in config.env { environment[name] = value }
        var spec = ObjectValue([("interactive", false)])
        if config.provideClusterInfo { spec["cluster"] = clusterInfo }
        let info: Value = [
            "kind": "ExecCredential", "apiVersion": .string(config.apiVersion), "spec": .object(spec),
        ]
        environment["KUBERNETES_EXEC_INFO"] = info.jsonString
        // Spawn, not Foundation's Process: see Sources/Spawn/Spawn.swift for why.
        let result: SpawnResult
        do {
            result = try Spawn.run(executable, config.args, environment: environment)
        } catch {
            throw fail("cannot start \(executable): \(error.message)")
        }
        let output = result.stdout
        guard result.status == 0 else {
            let text = String(decoding: result.stderr.prefix(500), as: UTF8.self).trimmingSpaces()
            throw fail("exited with status \(result.status)" + (text.isEmpty ? "" : ": \(text)"))
        }
        let credential: Value
        do {
            credential = try Value(jsonBytes: output)
        } catch {
            throw fail("printed no ExecCredential JSON (\(error))")
        }
        guard credential["kind"]?.stringValue == "ExecCredential", let status = credential["status"] else {
            throw fail("printed an object that is not an ExecCredential with a status")
        }
        var resolved = CredentialProvider.Resolved()
        if let token = status["token"]?.stringValue, !token.isEmpty { resolved.authorization = "Bearer \(token)" }
        if let cert = status["clientCertificateData"]?.stringValue, let key = status["clientKeyData"]?.stringValue {
            resolved.clientCertPEM = Array(cert.utf8)
            resolved.clientKeyPEM = Array(key.utf8)
        }
        guard resolved.authorization != nil || resolved.clientCertPEM != nil else {
            throw fail("the ExecCredential status has neither a token nor a client certificate and key")
        }
        var expiry: Date?
        if let text = status["expirationTimestamp"]?.stringValue {
            guard let date = parseTimestamp(text) else {
                throw fail("expirationTimestamp \"\(text)\" is not an RFC 3339 time")
            }
            expiry = date
        }
        return (resolved, expiry)
    }

    private func locate(_ command: String) -> String? {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? command : nil }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Parses `2026-12-04T10:00:00Z` and the fractional-second form.
func parseTimestamp(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
}
