/// Sends requests to one API server: credentials, rate limit, retries, connection reuse.
/// The async path runs transfers on the `TransferPool`; the blocking path is for threads that
/// own their handle (watches).
final class Transport: Sendable {
    let server: String
    let options: ClientOptions
    let credentials: CredentialProvider
    let limiter: RateLimiter
    let metrics = MetricCounters()
    private let pool: TransferPool
    private let retry: RetryPolicy
    private let tls: TLSSettings
    private let baseHeaders: [String]
    private let sendsCredentials: Bool

    init(config: ClusterConfig, options: ClientOptions) throws(KubeError) {
        var server = config.server
        while server.hasSuffix("/") { server.removeLast() }
        guard let parts = URLParts(server), parts.scheme == "https" || parts.scheme == "http" else {
            throw config.configError("the server URL \"\(config.server)\" is not an http(s) URL")
        }
        if config.insecureSkipTLSVerify, config.certificateAuthority != nil {
            // As client-go: a CA and "do not verify" contradict each other.
            throw config.configError(
                "certificate-authority and insecure-skip-tls-verify are both set; remove one of them")
        }
        self.server = server
        self.options = options
        credentials = CredentialProvider(config: config)
        limiter = RateLimiter(qps: options.qps, burst: options.burst)
        tls = config.tlsSettings
        pool = TransferPool(tls: tls, maxWorkers: options.maxConnections, connectTimeout: options.connectTimeout)
        retry = RetryPolicy(options)
        var headers = ["User-Agent: \(options.userAgent)"]
        if let user = config.impersonateUser { headers.append("Impersonate-User: \(user)") }
        for group in config.impersonateGroups { headers.append("Impersonate-Group: \(group)") }
        baseHeaders = headers
        // As client-go: credentials only travel over TLS.
        sendsCredentials = parts.scheme == "https"
    }

    deinit { pool.close() }

    func close() { pool.close() }

    /// A request to `path` (with query) on this server.
    func request(
        _ method: String, _ path: String, accept: String = "application/json", contentType: String? = nil,
        body: [UInt8]? = nil, idempotent: Bool
    ) -> HTTPRequest {
        var headers = baseHeaders
        headers.append("Accept: \(accept)")
        if let contentType { headers.append("Content-Type: \(contentType)") }
        return HTTPRequest(
            method: method, url: server + path, headers: headers, body: body, idempotent: idempotent,
            timeout: options.timeout)
    }

    /// Sends with retries and returns the final response, whatever its status.
    func exchange(_ request: HTTPRequest, operation: String, object: String?) async throws -> HTTPResponse {
        var attempts = Attempts()
        while true {
            try await limiter.acquire()
            let outcome = try await attemptOnPool(request, refresh: attempts.refresh)
            switch attempts.next(after: outcome, request, on: self) {
            case .again: continue
            case .wait(let delay): try await Task.sleep(for: delay)
            case .done(let response): return try finish(response, operation: operation, object: object)
            }
        }
    }

    /// What the retry loops of `exchange` and `exchangeBlocking` share: one credential refresh
    /// after a 401 (when the credentials can be refreshed), then the retry policy's delays.
    private struct Attempts {
        var attempt = 0
        var refresh = false
        var refreshed = false

        enum Next {
            /// Send again now, with refreshed credentials.
            case again
            /// Send again after this delay.
            case wait(Duration)
            /// The final outcome.
            case done(Result<HTTPResponse, TransportFailure>)
        }

        mutating func next(
            after outcome: Result<HTTPResponse, TransportFailure>, _ request: HTTPRequest, on transport: Transport
        ) -> Next {
            transport.metrics.record(outcome)
            refresh = false
            if case .success(let response) = outcome, response.status == 401, transport.credentials.canRefresh,
                !refreshed
            {
                refresh = true
                refreshed = true
                transport.metrics.credentialRefreshes.add(1, ordering: .relaxed)
                return .again
            }
            if let delay = transport.retry.delay(after: outcome, idempotent: request.idempotent, attempt: attempt) {
                attempt += 1
                transport.metrics.retries.add(1, ordering: .relaxed)
                return .wait(delay)
            }
            return .done(outcome)
        }
    }

    /// The response, or the transport failure as a `KubeError` naming the operation and server.
    private func finish(_ outcome: Result<HTTPResponse, TransportFailure>, operation: String, object: String?)
        throws(KubeError) -> HTTPResponse
    {
        switch outcome {
        case .success(let response): return response
        case .failure(let failure):
            throw KubeError(failure: failure, operation: operation, object: object, server: server)
        }
    }

    /// `exchange`, failing with the server's Status unless the answer is 2xx.
    func send(_ request: HTTPRequest, operation: String, object: String?) async throws -> HTTPResponse {
        let response = try await exchange(request, operation: operation, object: object)
        guard (200..<300).contains(response.status) else {
            throw KubeError(response: response, operation: operation, object: object, server: server)
        }
        return response
    }

    private func attemptOnPool(_ request: HTTPRequest, refresh: Bool) async throws -> Result<
        HTTPResponse, TransportFailure
    > {
        try await withCheckedThrowingContinuation { continuation in
            pool.submit { [self] handle in
                switch handle {
                case .failure(let failure): return { continuation.resume(returning: .failure(failure)) }
                case .success(let easy):
                    do {
                        let ready = try authorize(request, refresh: refresh)
                        let outcome = Result { () throws(TransportFailure) in try easy.perform(ready) }
                        return { continuation.resume(returning: outcome) }
                    } catch {
                        return { continuation.resume(throwing: error) }
                    }
                }
            }
        }
    }

    /// Adds the credentials; may run an exec plugin, so only on transfer threads.
    func authorize(_ request: HTTPRequest, refresh: Bool) throws(KubeError) -> HTTPRequest {
        guard sendsCredentials else { return request }
        var request = request
        let resolved = try credentials.current(refresh: refresh)
        if let authorization = resolved.authorization { request.headers.append("Authorization: \(authorization)") }
        request.clientCertPEM = resolved.clientCertPEM
        request.clientKeyPEM = resolved.clientKeyPEM
        return request
    }

    /// A handle for a thread of its own (a watch).
    func makeHandle() throws(TransportFailure) -> CurlEasy {
        try CurlEasy(tls: tls, connectTimeout: options.connectTimeout)
    }

    /// The blocking counterpart of `exchange`, on a handle the calling thread owns.
    func exchangeBlocking(_ request: HTTPRequest, on easy: CurlEasy, operation: String, object: String?) throws
        -> HTTPResponse
    {
        var attempts = Attempts()
        while true {
            limiter.acquireBlocking()
            let ready = try authorize(request, refresh: attempts.refresh)
            let outcome = Result { () throws(TransportFailure) in try easy.perform(ready) }
            switch attempts.next(after: outcome, request, on: self) {
            case .again: continue
            case .wait(let delay): sleepBlocking(delay)
            case .done(let response): return try finish(response, operation: operation, object: object)
            }
        }
    }

    func backoff(_ attempt: Int) -> Duration { retry.backoff(attempt) }
    var maxRetries: Int { options.retries }
}
