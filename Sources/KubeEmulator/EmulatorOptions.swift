/// How the emulator authenticates its clients.
public enum EmulatorAuth: Sendable, Equatable {
    /// Requests need `Authorization: Bearer <token>`; anything else gets 401.
    case token(String)
    /// Requests need a client certificate signed by the emulator's CA; the server generates
    /// one (CN `admin`, O `system:masters`) and puts it into the kubeconfig.
    case clientCertificate
    /// Every request is accepted (still over HTTPS).
    case none
}

/// Settings of an `EmulatorServer`.
public struct EmulatorOptions: Sendable {
    /// Address to listen on; tests keep the default loopback address.
    public var host = "127.0.0.1"
    /// Port to listen on; 0 lets the OS pick one (read it back from `EmulatorServer.port`).
    public var port = 0
    /// The minor version `/version` reports. kubectl's dispatcher picks its client from it: keep 32.
    public var serverMinor = 32
    /// How clients authenticate.
    public var auth: EmulatorAuth = .token(EmulatorOptions.randomToken())
    /// Seconds between two steps of the simulated controllers (Deployment rollouts, Job
    /// completion, namespace finalization). Smaller is faster; 0 steps as fast as possible.
    public var rolloutStepSeconds: Double = 0.2
    /// Images whose reference contains this text never become available, e.g. `":broken"`:
    /// their Deployments end with `ProgressDeadlineExceeded`.
    public var brokenImagePattern: String?
    /// Whether the simulated controllers run at all (off: `rollout status` waits forever).
    public var runsControllers = true
    /// Whether `/openapi/v3` is served (off: kubectl needs `--validate=false`).
    public var servesOpenAPI = true
    /// Whether `/api` and `/apis` answer with aggregated discovery when asked (off: legacy only).
    public var servesAggregatedDiscovery = true
    /// With `.clientCertificate`: another CA (PEM) whose client certificates are accepted
    /// too, besides the emulator's own.
    public var extraClientCAPEM: String?
    /// Seconds of silence after which a watch that allows bookmarks gets a BOOKMARK event
    /// (the real server sends about one a minute).
    public var bookmarkSeconds: Double = 10
    /// How many watch events are kept for resuming watches; older resourceVersions get 410 Expired.
    public var watchHistory = 10_000

    public init() {}

    /// Loopback, a port the OS picks, a random bearer token, minor version 32.
    public static let `default` = EmulatorOptions()

    static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<32).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }
}
