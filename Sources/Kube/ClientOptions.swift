/// How a `KubeClient` talks to its server.
///
/// ```swift
/// var options = ClientOptions.default
/// options.qps = 100
/// let client = try KubeClient(config: config, options: options)
/// ```
public struct ClientOptions: Sendable {
    /// Deadline for one request (connect, send, receive); watches have none.
    public var timeout: Duration
    /// Deadline for opening a TCP and TLS connection.
    public var connectTimeout: Duration
    /// Sustained requests per second the client allows itself; 0 turns the limiter off.
    public var qps: Double
    /// Requests that may go out at once before `qps` applies.
    public var burst: Int
    /// Further attempts after a retryable failure (429, 5xx, dropped connection); 0 for none.
    public var retries: Int
    /// First backoff delay; each retry doubles it, up to `maxBackoff`.
    public var initialBackoff: Duration
    /// Longest backoff between two attempts.
    public var maxBackoff: Duration
    /// Longest `Retry-After` the client honours; a longer one fails the request instead.
    public var maxRetryAfter: Duration
    /// Transfers in flight at once (one kept-alive connection each).
    public var maxConnections: Int
    /// How long the server keeps one watch request open before the client re-opens it.
    public var watchTimeout: Duration
    /// Sent as `User-Agent`; the server takes the text before the first `/` as the default field manager.
    public var userAgent: String

    public init(
        timeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(10), qps: Double = 50, burst: Int = 100,
        retries: Int = 4, initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(5),
        maxRetryAfter: Duration = .seconds(30), maxConnections: Int = 4, watchTimeout: Duration = .seconds(300),
        userAgent: String = "gitops-agent/0.1"
    ) {
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.qps = qps
        self.burst = burst
        self.retries = retries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
        self.maxConnections = maxConnections
        self.watchTimeout = watchTimeout
        self.userAgent = userAgent
    }

    /// 30 s timeout, 50 QPS with bursts of 100 (Flux's figures), 4 retries, 4 connections.
    public static let `default` = ClientOptions()
}
