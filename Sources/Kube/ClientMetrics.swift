import Synchronization

/// Counters of one client since it was created.
public struct ClientMetrics: Sendable, Equatable {
    /// HTTP requests sent, retries and watch re-connects included.
    public var requests: Int
    /// Attempts repeated after a 429, 5xx or dropped connection.
    public var retries: Int
    /// Requests that waited for the client-side rate limiter.
    public var throttled: Int
    /// TCP connections opened (a kept-alive connection counts once).
    public var connections: Int
    /// Requests that ended in an error (HTTP status ≥ 400 or no response).
    public var failures: Int
    /// Watch events delivered.
    public var watchEvents: Int
    /// Times a watch had to list again because its resource version expired (410).
    public var relists: Int
    /// Times credentials were fetched again after a 401 (token file re-read, exec plugin re-run).
    public var credentialRefreshes: Int
}

/// The atomic counters behind `ClientMetrics`.
final class MetricCounters: Sendable {
    let requests = Atomic<Int>(0)
    let retries = Atomic<Int>(0)
    let connections = Atomic<Int>(0)
    let failures = Atomic<Int>(0)
    let watchEvents = Atomic<Int>(0)
    let relists = Atomic<Int>(0)
    let credentialRefreshes = Atomic<Int>(0)

    func snapshot(throttled: Int) -> ClientMetrics {
        ClientMetrics(
            requests: requests.load(ordering: .relaxed), retries: retries.load(ordering: .relaxed),
            throttled: throttled, connections: connections.load(ordering: .relaxed),
            failures: failures.load(ordering: .relaxed), watchEvents: watchEvents.load(ordering: .relaxed),
            relists: relists.load(ordering: .relaxed), credentialRefreshes: credentialRefreshes.load(ordering: .relaxed)
        )
    }

    func record(_ outcome: Result<HTTPResponse, TransportFailure>) {
        requests.add(1, ordering: .relaxed)
        switch outcome {
        case .success(let response):
            connections.add(response.newConnections, ordering: .relaxed)
            if response.status >= 400 { failures.add(1, ordering: .relaxed) }
        case .failure:
            failures.add(1, ordering: .relaxed)
        }
    }
}
