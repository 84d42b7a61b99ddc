/// One HTTP exchange as the transport sees it: no Kubernetes meaning yet.
struct HTTPRequest: Sendable {
    var method: String
    /// The full URL, query included.
    var url: String
    var headers: [String] = []
    var body: [UInt8]? = nil
    /// Whether repeating the request after a 5xx or a dropped connection is safe (see `RetryPolicy`).
    var idempotent: Bool
    /// Whole-transfer deadline; `nil` for no limit (watches).
    var timeout: Duration?
    /// A client certificate from an exec plugin, used instead of the configured one.
    var clientCertPEM: [UInt8]? = nil
    var clientKeyPEM: [UInt8]? = nil
}

/// What came back: status, the headers the client reads, and the body.
struct HTTPResponse: Sendable {
    var status: Int
    var contentType: String
    var retryAfter: String?
    var body: [UInt8]
    /// New TCP connections libcurl opened for this transfer (0 when an open one was reused).
    var newConnections: Int
}

/// A transfer that produced no HTTP response: the libcurl error, already in words.
struct TransportFailure: Error, Sendable {
    enum Kind: Sendable {
        case connectionRefused, timeout, tlsVerification, tlsSetup, connectionLost, resolve, cancelled, other
    }
    var kind: Kind
    var curlCode: Int
    var detail: String

    /// Whether nothing can have reached the server, so that even a non-idempotent request may be retried.
    var nothingSent: Bool { kind == .connectionRefused || kind == .resolve }
    /// Whether a retry can help.
    var isTransient: Bool {
        switch kind {
        case .connectionRefused, .timeout, .connectionLost, .resolve: return true
        case .tlsVerification, .tlsSetup, .cancelled, .other: return false
        }
    }
}
