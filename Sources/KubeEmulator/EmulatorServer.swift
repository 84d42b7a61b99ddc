import Foundation
import Synchronization

/// A Kubernetes API server emulator over HTTPS, for tests: in-memory store, discovery,
/// OpenAPI stubs, CRUD with server-side apply, watches, simulated workload controllers,
/// injected faults and a request log. See KUBE-API.md for the behaviour it copies.
///
/// ```swift
/// let server = try EmulatorServer()
/// try server.start()
/// defer { server.stop() }
/// try server.writeKubeconfig(to: dir + "/kubeconfig", context: "emulator")
/// ```
public final class EmulatorServer: Sendable {
    /// The options it was made with.
    public let options: EmulatorOptions
    let api: APIServer
    private let certificates: CertificateSet
    private let daemon = Mutex<HTTPDaemon?>(nil)
    private let controllers = Mutex<ControllerLoop?>(nil)
    private let boundPort = Mutex(0)

    /// Prepares a server (certificates, seeded namespaces) without listening yet.
    /// - Throws: `EmulatorError` when certificates cannot be made (no `openssl`).
    public init(options: EmulatorOptions = .default) throws {
        self.options = options
        certificates = try CertificateSet.shared()
        api = APIServer(options: options, caPEM: certificates.caCertificate)
    }

    /// Starts listening on `options.host:options.port` and starts the simulated controllers.
    /// - Throws: `EmulatorError` when the address cannot be bound.
    public func start() throws {
        let api = self.api
        let clientTrust: String? =
            options.auth == .clientCertificate
            ? certificates.caCertificate + "\n" + (options.extraClientCAPEM ?? "") : nil
        let started = try HTTPDaemon(
            host: options.host, port: options.port,
            tls: (key: certificates.serverKey, certificate: certificates.serverCertificate), clientTrust: clientTrust
        ) { request in api.handle(request) }
        daemon.withLock { $0 = started }
        boundPort.withLock { $0 = started.port }
        if options.runsControllers {
            let loop = ControllerLoop(api: api, interval: options.rolloutStepSeconds)
            loop.start()
            controllers.withLock { $0 = loop }
        }
    }

    /// Ends every watch, stops the controllers and the listener. Safe to call twice.
    public func stop() {
        controllers.withLock { loop in
            loop?.stop()
            loop = nil
        }
        api.state.withLock { $0.finishAllWatches() }
        let d = daemon.withLock { d -> HTTPDaemon? in
            defer { d = nil }
            return d
        }
        d?.stop()
    }

    deinit { stop() }

    /// The port it listens on (the OS-chosen one when `options.port` was 0); 0 before `start()`.
    public var port: Int { boundPort.withLock { $0 } }

    /// `https://127.0.0.1:<port>`.
    public var url: String { "https://\(options.host):\(port)" }

    /// The CA certificate (PEM) that signed the server certificate.
    public var caPEM: String { certificates.caCertificate }

    /// The bearer token clients must send, when the server uses token auth.
    public var token: String? {
        if case .token(let t) = options.auth { return t }
        return nil
    }

    /// A kubeconfig (YAML) for this server: the CA inline, and the token or client
    /// certificate and key inline, in a context named `context`.
    public func kubeconfig(context: String = "emulator") -> String {
        func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
        var lines = [
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: \(context)",
            "  cluster:",
            "    server: \(url)",
            "    certificate-authority-data: \(b64(certificates.caCertificate))",
            "users:",
            "- name: \(context)",
        ]
        switch options.auth {
        case .token(let t): lines += ["  user:", "    token: \(t)"]
        case .clientCertificate:
            lines += [
                "  user:",
                "    client-certificate-data: \(b64(certificates.clientCertificate))",
                "    client-key-data: \(b64(certificates.clientKey))",
            ]
        case .none: lines += ["  user: {}"]
        }
        lines += [
            "contexts:",
            "- name: \(context)",
            "  context:",
            "    cluster: \(context)",
            "    user: \(context)",
            "    namespace: default",
            "current-context: \(context)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `kubeconfig(context:)` to `path` (mode 0600).
    public func writeKubeconfig(to path: String, context: String = "emulator") throws {
        let text = kubeconfig(context: context)
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw EmulatorError(
                "could not write the kubeconfig to \(path); check that the directory exists and is writable")
        }
    }

    /// Every request answered since start (or the last `clearRequestLog()`), oldest first.
    public func requestLog() -> [LoggedRequest] { api.requestLog() }

    /// Forgets the logged requests.
    public func clearRequestLog() { api.clearRequestLog() }

    /// Injects a fault into matching requests, until `removeAllFaults()`.
    public func addFault(_ f: Fault) { api.addFault(f) }

    /// Removes every injected fault.
    public func removeAllFaults() { api.removeAllFaults() }
}
