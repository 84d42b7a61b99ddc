import Foundation

/// Where a cluster is and how to authenticate to it: read from a kubeconfig or from the pod's
/// service account.
///
/// ```swift
/// let config = try ClusterConfig.load(kubeconfig: "/etc/gitops/frontend.kubeconfig", context: "frontend")
/// let inCluster = try ClusterConfig.inCluster()
/// ```
public struct ClusterConfig: Sendable, CustomStringConvertible {
    /// PEM text given inline (`*-data`, base64-decoded) or as a file path.
    public enum PEMSource: Sendable, Equatable {
        case file(String)
        case data([UInt8])
    }

    /// How requests authenticate, besides a client certificate.
    public enum Credentials: Sendable, CustomStringConvertible {
        case none
        /// A fixed bearer token.
        case token(String)
        /// A bearer token read from a file and re-read when the file changes (service-account
        /// tokens rotate).
        case tokenFile(String)
        /// A client.authentication.k8s.io exec plugin.
        case exec(ExecConfig)
        case basic(username: String, password: String)

        /// Names the kind of credential without its secret.
        public var description: String {
            switch self {
            case .none: return "none"
            case .token: return "token"
            case .tokenFile(let path): return "tokenFile \(path)"
            case .exec(let exec): return "exec \(exec.command)"
            case .basic(let user, _): return "basic \(user)"
            }
        }
    }

    /// An exec credential plugin, as in kubeconfig `users[].user.exec`.
    public struct ExecConfig: Sendable, Equatable {
        public var command: String
        public var args: [String]
        public var env: [(name: String, value: String)]
        public var apiVersion: String
        public var installHint: String?
        public var provideClusterInfo: Bool

        public init(
            command: String, args: [String] = [], env: [(name: String, value: String)] = [],
            apiVersion: String = "client.authentication.k8s.io/v1", installHint: String? = nil,
            provideClusterInfo: Bool = false
        ) {
            self.command = command
            self.args = args
            self.env = env
            self.apiVersion = apiVersion
            self.installHint = installHint
            self.provideClusterInfo = provideClusterInfo
        }

        public static func == (a: ExecConfig, b: ExecConfig) -> Bool {
            a.command == b.command && a.args == b.args && a.apiVersion == b.apiVersion
                && a.env.map(\.name) == b.env.map(\.name) && a.env.map(\.value) == b.env.map(\.value)
        }
    }

    /// The API server URL, e.g. `https://10.0.0.1:6443`.
    public var server: String
    /// Namespace for namespaced objects that do not name one.
    public var namespace: String
    /// CA bundle the server certificate must chain to; `nil` uses the system's trust store.
    public var certificateAuthority: PEMSource?
    /// Client certificate and key for mutual TLS; both or neither.
    public var clientCertificate: PEMSource?
    public var clientKey: PEMSource?
    /// Bearer token, token file, exec plugin or basic auth; sent only over HTTPS.
    public var credentials: Credentials
    /// Skip verifying the server's certificate. Off unless the kubeconfig sets it.
    public var insecureSkipTLSVerify: Bool
    /// Name to verify the server certificate against, when it differs from the URL's host.
    public var tlsServerName: String?
    /// An HTTP(S) or SOCKS proxy for this cluster (kubeconfig `proxy-url`). Without it libcurl
    /// honours `https_proxy` and `no_proxy` from the environment, as client-go does.
    public var proxyURL: String?
    /// Do not ask for compressed responses (kubeconfig `disable-compression`).
    public var disableCompression: Bool
    /// `Impersonate-User` and `Impersonate-Group` (kubeconfig `as`, `as-groups`).
    public var impersonateUser: String?
    public var impersonateGroups: [String]
    /// Where this came from, for error messages: `kubeconfig /path, context prod` or `in-cluster`.
    public var origin: String

    public init(
        server: String, namespace: String = "default", certificateAuthority: PEMSource? = nil,
        clientCertificate: PEMSource? = nil, clientKey: PEMSource? = nil, credentials: Credentials = .none,
        insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil, proxyURL: String? = nil,
        disableCompression: Bool = false, impersonateUser: String? = nil,
        impersonateGroups: [String] = [], origin: String = "explicit configuration"
    ) {
        self.server = server
        self.namespace = namespace
        self.certificateAuthority = certificateAuthority
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.credentials = credentials
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.proxyURL = proxyURL
        self.disableCompression = disableCompression
        self.impersonateUser = impersonateUser
        self.impersonateGroups = impersonateGroups
        self.origin = origin
    }

    /// Server, namespace and the kind of credentials; never a secret.
    public var description: String {
        "\(server) (namespace \(namespace), credentials \(credentials), from \(origin))"
    }

    var tlsSettings: TLSSettings {
        var tls = TLSSettings()
        switch certificateAuthority {
        case .file(let path): tls.caFile = path
        case .data(let pem): tls.caPEM = pem
        case nil: break
        }
        switch clientCertificate {
        case .file(let path): tls.clientCertFile = path
        case .data(let pem): tls.clientCertPEM = pem
        case nil: break
        }
        switch clientKey {
        case .file(let path): tls.clientKeyFile = path
        case .data(let pem): tls.clientKeyPEM = pem
        case nil: break
        }
        tls.insecureSkipVerify = insecureSkipTLSVerify
        tls.serverName = tlsServerName
        tls.proxyURL = proxyURL
        tls.compression = !disableCompression
        return tls
    }

    func configError(_ message: String) -> KubeError {
        KubeError(reason: .invalidConfig, message: message, operation: "load config", object: origin)
    }
}
