/// When a failed attempt is tried again, and after how long.
///
/// - 429 TooManyRequests: always retried (the server refused before doing anything), after its
///   `Retry-After` when given.
/// - 500, 502, 503, 504 and dropped connections: retried only for idempotent requests: GET,
///   PUT, DELETE and server-side apply. An apply PATCH states the whole desired configuration,
///   so sending it twice gives the same object as sending it once. POST, merge, JSON and
///   strategic patches are not repeated after a 5xx or a reset, because the first attempt may
///   have been carried out (a JSON patch `add` to a list would apply twice).
/// - A refused connection: retried for every request, since nothing reached the server.
///
/// libcurl itself re-sends a request once when a kept-alive connection turns out to have been
/// closed by the server before any answer arrived; that is the stale-connection case HTTP/1.1
/// clients all handle, and not counted as a retry here.
struct RetryPolicy: Sendable {
    var retries: Int
    var initialBackoff: Duration
    var maxBackoff: Duration
    var maxRetryAfter: Duration

    init(_ options: ClientOptions) {
        retries = options.retries
        initialBackoff = options.initialBackoff
        maxBackoff = options.maxBackoff
        maxRetryAfter = options.maxRetryAfter
    }

    /// The delay before attempt `attempt + 1`, or `nil` to give up and report this outcome.
    func delay(
        after outcome: Result<HTTPResponse, TransportFailure>, idempotent: Bool, attempt: Int
    ) -> Duration? {
        guard attempt < retries else { return nil }
        switch outcome {
        case .success(let response):
            switch response.status {
            case 429:
                if let header = response.retryAfter, let seconds = Int(header.trimmingSpaces()), seconds >= 0 {
                    let wait = Duration.seconds(seconds)
                    return wait <= maxRetryAfter ? wait : nil
                }
                return backoff(attempt)
            case 500, 502, 503, 504:
                guard idempotent else { return nil }
                if response.status == 503, let header = response.retryAfter, let seconds = Int(header),
                    seconds >= 0, Duration.seconds(seconds) <= maxRetryAfter
                {
                    return .seconds(seconds)
                }
                return backoff(attempt)
            default: return nil
            }
        case .failure(let failure):
            guard failure.isTransient, idempotent || failure.nothingSent else { return nil }
            return backoff(attempt)
        }
    }

    /// Exponential backoff with up to 20 % jitter so that many clients do not retry in step.
    func backoff(_ attempt: Int) -> Duration {
        var wait = initialBackoff
        for _ in 0..<min(attempt, 20) where wait < maxBackoff { wait = wait * 2 }
        if wait > maxBackoff { wait = maxBackoff }
        let jitter = Double.random(in: 0...0.2)
        return wait + wait * jitter
    }
}
