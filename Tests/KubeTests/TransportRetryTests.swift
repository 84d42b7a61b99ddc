import Manifests
import Synchronization
import Testing

@testable import Kube

/// Retries, Retry-After, dropped connections and the rate limiter, against a scripted loopback server.
@Suite struct TransportRetryTests {
    static let configMap = ObjectRef(group: "", version: "v1", kind: "ConfigMap", namespace: "default", name: "demo")
    static let object = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo","namespace":"default"}}"#

    /// Answers legacy discovery for the core group, then defers to `rest`.
    static func script(_ rest: @escaping @Sendable (ScriptedHTTPServer.Seen, Int) -> ScriptedHTTPServer.Reply)
        -> @Sendable (ScriptedHTTPServer.Seen, Int) -> ScriptedHTTPServer.Reply
    {
        { request, index in
            if request.path == "/api" {
                return .respond(status: 200, body: #"{"kind":"APIVersions","versions":["v1"]}"#)
            }
            if request.path == "/api/v1" {
                return .respond(
                    status: 200,
                    body: #"{"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"configmaps","#
                        + #""namespaced":true,"kind":"ConfigMap","verbs":["get","list","create","patch"]}]}"#)
            }
            return rest(request, index)
        }
    }

    static func client(_ server: ScriptedHTTPServer, retries: Int = 3, qps: Double = 0, burst: Int = 1) throws
        -> KubeClient
    {
        var options = ClientOptions.default
        options.retries = retries
        options.initialBackoff = .milliseconds(5)
        options.maxRetryAfter = .seconds(2)
        options.qps = qps
        options.burst = burst
        return try KubeClient(config: ClusterConfig(server: server.url), options: options)
    }

    static func status(_ code: Int, _ reason: String) -> String {
        #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"injected","reason":"\#(reason)","code":\#(code)}"#
    }

    static func objectRequests(_ server: ScriptedHTTPServer) -> [ScriptedHTTPServer.Seen] {
        server.requests.filter { $0.path.hasPrefix("/api/v1/namespaces") }
    }

    @Test func getIsRetriedAfter500sUntilItSucceeds() async throws {
        let server = try ScriptedHTTPServer(
            script: Self.script { request, _ in
                let earlier = Self.objectRequestsCount.add(1, ordering: .relaxed).oldValue
                return earlier < 2
                    ? .respond(status: 500, body: Self.status(500, "InternalError"))
                    : .respond(status: 200, body: Self.object)
            })
        defer { server.stop() }
        let client = try Self.client(server)
        let live = try await client.get(Self.configMap)
        #expect(live[path: ["metadata", "name"]] == "demo")
        #expect(Self.objectRequests(server).count == 3)
        #expect(client.metrics.retries == 2)
    }
    private static let objectRequestsCount = Atomic<Int>(0)

    @Test func retriesStopAfterTheConfiguredCount() async throws {
        let server = try ScriptedHTTPServer(
            script: Self.script { _, _ in .respond(status: 503, body: Self.status(503, "ServiceUnavailable")) })
        defer { server.stop() }
        let client = try Self.client(server, retries: 2)
        let error = await #expect(throws: KubeError.self) { try await client.get(Self.configMap) }
        #expect(error?.reason == .serviceUnavailable)
        #expect(error?.code == 503)
        #expect(Self.objectRequests(server).count == 3)
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let server = try ScriptedHTTPServer(
            script: Self.script { _, _ in
                Self.first429.exchange(false, ordering: .relaxed)
                    ? .respond(status: 429, headers: ["Retry-After: 1"], body: Self.status(429, "TooManyRequests"))
                    : .respond(status: 200, body: Self.object)
            })
        defer { server.stop() }
        let client = try Self.client(server)
        _ = try await client.get(Self.configMap)
        #expect(Self.objectRequests(server).count == 2)
        #expect(client.metrics.retries == 1)
    }
    private static let first429 = Atomic<Bool>(true)

    @Test func retryAfterLongerThanTheLimitFailsAtOnce() async throws {
        let server = try ScriptedHTTPServer(
            script: Self.script { _, _ in
                .respond(status: 429, headers: ["Retry-After: 3600"], body: Self.status(429, "TooManyRequests"))
            })
        defer { server.stop() }
        let client = try Self.client(server)
        let error = await #expect(throws: KubeError.self) { try await client.get(Self.configMap) }
        #expect(error?.reason == .tooManyRequests)
        #expect(error?.description.contains("lower the client's qps") == true)
        #expect(Self.objectRequests(server).count == 1)
    }

    @Test func createIsNotRepeatedAfterA500() async throws {
        let server = try ScriptedHTTPServer(
            script: Self.script { _, _ in .respond(status: 500, body: Self.status(500, "InternalError")) })
        defer { server.stop() }
        let client = try Self.client(server)
        let error = await #expect(throws: KubeError.self) {
            try await client.create(try Value(json: Self.object))
        }
        #expect(error?.reason == .internalError)
        #expect(Self.objectRequests(server).map(\.method) == ["POST"])
    }

    @Test func createIsRepeatedAfterA429() async throws {
        let server = try ScriptedHTTPServer(
            script: Self.script { request, _ in
                request.method == "POST" && Self.firstPost.exchange(false, ordering: .relaxed)
                    ? .respond(status: 429, headers: ["Retry-After: 0"], body: Self.status(429, "TooManyRequests"))
                    : .respond(status: 201, body: Self.object)
            })
        defer { server.stop() }
        let client = try Self.client(server)
        try await client.create(try Value(json: Self.object))
        #expect(Self.objectRequests(server).map(\.method) == ["POST", "POST"])
    }
    private static let firstPost = Atomic<Bool>(true)

    @Test func applyIsRepeatedAfterA503() async throws {
        let server = try ScriptedHTTPServer(
            script: Self.script { request, _ in
                request.method == "PATCH" && Self.firstPatch.exchange(false, ordering: .relaxed)
                    ? .respond(status: 503, body: Self.status(503, "ServiceUnavailable"))
                    : .respond(status: 200, body: Self.object)
            })
        defer { server.stop() }
        let client = try Self.client(server)
        _ = try await client.apply(try Value(json: Self.object), fieldManager: "test")
        let patches = Self.objectRequests(server).filter { $0.method == "PATCH" }
        #expect(patches.count == 2)
        #expect(patches[0].headers.contains("Content-Type: application/apply-patch+yaml"))
        #expect(patches[0].path.contains("fieldManager=test"))
    }
    private static let firstPatch = Atomic<Bool>(true)

    @Test func droppedConnectionIsRetriedForGetButNotForMergePatch() async throws {
        let server = try ScriptedHTTPServer(
            closeAfterResponse: true,
            script: Self.script { request, _ in
                if request.method == "GET", Self.firstGet.exchange(false, ordering: .relaxed) { return .drop }
                if request.method == "PATCH" { return .drop }
                return .respond(status: 200, body: Self.object)
            })
        defer { server.stop() }
        let client = try Self.client(server)
        _ = try await client.get(Self.configMap)
        #expect(Self.objectRequests(server).filter { $0.method == "GET" }.count == 2)
        let error = await #expect(throws: KubeError.self) {
            try await client.patch(Self.configMap, type: .merge, body: ["data": ["a": "1"]])
        }
        #expect(error?.reason == .connectionLost)
        #expect(error?.description.contains(server.url) == true)
        #expect(Self.objectRequests(server).filter { $0.method == "PATCH" }.count == 1)
    }
    private static let firstGet = Atomic<Bool>(true)

    @Test func rateLimiterMakesRequestsBeyondTheBurstWait() async throws {
        let server = try ScriptedHTTPServer(script: Self.script { _, _ in .respond(status: 200, body: Self.object) })
        defer { server.stop() }
        // A burst of 8 at 1 per second: discovery (/api, /api/v1) and 6 gets use the burst; of
        // the 4 gets after them at least 2 must wait, even if the first phase took over a second
        // on a loaded machine (the exact refill arithmetic is tested with a fake clock below).
        let client = try Self.client(server, qps: 1, burst: 8)
        for _ in 0..<6 { _ = try await client.get(Self.configMap) }
        #expect(client.metrics.throttled == 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { _ = try await client.get(Self.configMap) } }
            try await group.waitForAll()
        }
        #expect(client.metrics.throttled >= 2)
        #expect(Self.objectRequests(server).count == 10)
    }

    @Test func rateLimiterRefillsAtQPS() {
        let start = ContinuousClock.now
        let offset = Mutex(Duration.zero)
        let limiter = RateLimiter(qps: 2, burst: 3, now: { start + offset.withLock { $0 } })
        #expect((0..<3).map { _ in limiter.reserve() } == [Duration.zero, .zero, .zero])
        #expect(limiter.reserve() == .milliseconds(500))
        #expect(limiter.reserve() == .milliseconds(1000))
        offset.withLock { $0 = .seconds(10) }
        // Ten seconds refill the bucket to its burst, not beyond.
        #expect((0..<3).map { _ in limiter.reserve() } == [Duration.zero, .zero, .zero])
        #expect(limiter.reserve() == .milliseconds(500))
        #expect(limiter.throttledCount == 3)
    }

    @Test func requestTimeoutNamesTheServer() async throws {
        let server = try ScriptedHTTPServer(
            script: Self.script { request, _ in .stall(seconds: 2) })
        defer { server.stop() }
        var options = ClientOptions.default
        options.timeout = .milliseconds(200)
        options.retries = 0
        let client = try KubeClient(config: ClusterConfig(server: server.url), options: options)
        let error = await #expect(throws: KubeError.self) { try await client.get(Self.configMap) }
        #expect(error?.reason == .timeout)
        #expect(error?.description.contains("no answer from \(server.url)") == true)
    }

    @Test func connectionRefusedNamesTheServer() async throws {
        let server = try ScriptedHTTPServer(script: { _, _ in .drop })
        let url = server.url
        server.stop()
        let client = try Self.client(server, retries: 1)
        let error = await #expect(throws: KubeError.self) { try await client.get(Self.configMap) }
        #expect(error?.reason == .connectionRefused)
        #expect(error?.description.contains(url) == true)
        #expect(error?.description.contains("is the API server running") == true)
    }
}
