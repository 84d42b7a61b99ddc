import Foundation
import Manifests
import Synchronization

extension KubeClient {
    /// Streams changes to objects of a kind, on a thread of its own.
    ///
    /// Without `resourceVersion` the client first lists and emits every existing object as
    /// `.added`. The stream survives the server closing the watch: it re-opens it from the last
    /// resource version seen (bookmarks are requested to keep that fresh). When the server says that
    /// version is too old (410 Expired), the client lists again and emits every current object
    /// as `.added` (treat `.added` as "upsert"), then watches from the list's version. Dropped
    /// connections are retried with backoff, `ClientOptions.retries` times in a row.
    ///
    /// - Parameters:
    ///   - namespace: one namespace, or `nil` for all.
    ///   - resourceVersion: start after this version (e.g. from `listWithVersion`); `nil` starts
    ///     with an `.added` event per existing object.
    /// - Returns: a stream that ends when the caller stops iterating, or throws `KubeError`.
    ///   Events wait in the stream until read, so read it steadily.
    public func watch(
        apiVersion: String, kind: String, namespace: String? = nil, resourceVersion: String? = nil,
        labelSelector: String? = nil, fieldSelector: String? = nil
    ) -> AsyncThrowingStream<WatchEvent, Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: WatchEvent.self)
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.set() }
        let label = namespace.map { "\(kind) in namespace \($0)" } ?? "\(kind) (\(apiVersion))"
        Task { [self] in
            do {
                let resource = try await resourceNamed(apiVersion, kind, object: label, operation: "watch")
                let session = WatchSession(
                    client: self, resource: resource, namespace: namespace, labelSelector: labelSelector,
                    fieldSelector: fieldSelector, label: label, stop: stop, continuation: continuation)
                let thread = Thread { session.run(from: resourceVersion) }
                thread.name = "kube-watch"
                thread.start()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return stream
    }
}

/// Set once the consumer stops listening; polled by the transfer.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}

/// The loop of one watch: open, stream events, re-open or re-list, until stopped.
private final class WatchSession: Sendable {
    let client: KubeClient
    let resource: APIResource
    let namespace: String?
    let labelSelector: String?
    let fieldSelector: String?
    let label: String
    let stop: StopFlag
    let continuation: AsyncThrowingStream<WatchEvent, Error>.Continuation

    init(
        client: KubeClient, resource: APIResource, namespace: String?, labelSelector: String?,
        fieldSelector: String?, label: String, stop: StopFlag,
        continuation: AsyncThrowingStream<WatchEvent, Error>.Continuation
    ) {
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.label = label
        self.stop = stop
        self.continuation = continuation
    }

    private var transport: Transport { client.transport }

    /// What ended one watch request.
    private enum Ending {
        case closed
        case expired
        case failed(KubeError)
    }

    func run(from start: String?) {
        let easy: CurlEasy
        do {
            easy = try transport.makeHandle()
        } catch {
            continuation.finish(
                throwing: KubeError(failure: error, operation: "watch", object: label, server: transport.server))
            return
        }
        var version = start
        if version == nil {
            // Without a version, list first: the list's version is a safe point to resume from,
            // unlike the unordered synthetic ADDED events a version-less watch starts with.
            do {
                version = try listAndEmit(on: easy, relist: false)
            } catch {
                continuation.finish(throwing: error)
                return
            }
        }
        var failuresInARow = 0
        var emptyCloses = 0
        var refreshed = false
        var refreshNext = false
        let clock = ContinuousClock()
        while !stop.isSet {
            let opened = clock.now
            let (ending, lastVersion) = watchOnce(on: easy, from: version, refresh: refreshNext)
            refreshNext = false
            if let lastVersion {
                version = lastVersion
                // Events arrived, so the watch made progress: only failures in a row count.
                failuresInARow = 0
            }
            if stop.isSet { break }
            switch ending {
            case .closed:
                failuresInARow = 0
                refreshed = false
                // A server that ends watches at once, with nothing in them, must not make us spin.
                if lastVersion == nil, opened.duration(to: clock.now) < .seconds(1) {
                    sleepBlocking(transport.backoff(min(emptyCloses, 4)))
                    emptyCloses += 1
                } else {
                    emptyCloses = 0
                }
            case .expired:
                do {
                    version = try listAndEmit(on: easy, relist: true)
                    failuresInARow = 0
                } catch {
                    continuation.finish(throwing: error)
                    return
                }
            case .failed(let error):
                if error.reason == .unauthorized, transport.credentials.canRefresh, !refreshed {
                    refreshed = true
                    refreshNext = true
                    transport.metrics.credentialRefreshes.add(1, ordering: .relaxed)
                    continue
                }
                let transient =
                    error.code == 0
                    ? error.reason != .tlsVerificationFailed && error.reason != .tlsSetupFailed
                    : error.code == 429 || error.code >= 500
                guard transient, failuresInARow < transport.maxRetries else {
                    continuation.finish(throwing: error)
                    return
                }
                transport.metrics.retries.add(1, ordering: .relaxed)
                sleepBlocking(transport.backoff(failuresInARow))
                failuresInARow += 1
            }
        }
        continuation.finish()
    }

    /// One watch request; returns why it ended and the last resource version it saw.
    private func watchOnce(on easy: CurlEasy, from version: String?, refresh: Bool) -> (Ending, String?) {
        let timeoutSeconds = max(1, Int(transport.options.watchTimeout.components.seconds))
        let path =
            resource.path(namespace: namespace)
            + queryString([
                ("allowWatchBookmarks", "true"), ("fieldSelector", fieldSelector), ("labelSelector", labelSelector),
                ("resourceVersion", version), ("timeoutSeconds", String(timeoutSeconds)), ("watch", "true"),
            ])
        var request = transport.request("GET", path, idempotent: true)
        request.timeout = nil
        let reader = EventReader()
        let ready: HTTPRequest
        do {
            transport.limiter.acquireBlocking()
            ready = try transport.authorize(request, refresh: refresh)
        } catch {
            return (.failed(error), nil)
        }
        let outcome = Result { () throws(TransportFailure) in
            try easy.perform(
                ready,
                onData: { [self] bytes in
                    if easy.responseCode != 200 {
                        reader.errorBody.append(contentsOf: bytes)
                        return true
                    }
                    return reader.feed(bytes) { event in deliver(event) } && !stop.isSet
                }, shouldStop: { [stop] in stop.isSet })
        }
        transport.metrics.record(outcome)
        switch outcome {
        case .failure(let failure):
            if failure.kind == .cancelled { return (.closed, reader.lastVersion) }
            return (
                .failed(KubeError(failure: failure, operation: "watch", object: label, server: transport.server)),
                reader.lastVersion
            )
        case .success(var response):
            if response.status == 410 || reader.expired { return (.expired, nil) }
            if let error = reader.error { return (.failed(error), reader.lastVersion) }
            guard response.status == 200 else {
                response.body = reader.errorBody
                return (
                    .failed(
                        KubeError(response: response, operation: "watch", object: label, server: transport.server)),
                    reader.lastVersion
                )
            }
            return (.closed, reader.lastVersion)
        }
    }

    private func deliver(_ line: Value) -> EventReader.Verdict {
        guard let typeName = line["type"]?.stringValue, var object = line["object"] else { return .skip }
        if typeName == "ERROR" {
            let code = object["code"]?.intValue ?? 0
            if code == 410 || object["reason"]?.stringValue == "Expired" { return .expired }
            let body = Array(object.jsonString.utf8)
            let response = HTTPResponse(
                status: code, contentType: "application/json", retryAfter: nil, body: body, newConnections: 0)
            return .error(KubeError(response: response, operation: "watch", object: label, server: transport.server))
        }
        guard let type = WatchEvent.EventType(rawValue: typeName) else { return .skip }
        if type != .bookmark {
            if object["apiVersion"] == nil { object["apiVersion"] = .string(resource.apiVersion) }
            if object["kind"] == nil { object["kind"] = .string(resource.kind) }
        }
        let event = WatchEvent(type: type, object: object)
        transport.metrics.watchEvents.add(1, ordering: .relaxed)
        continuation.yield(event)
        return .delivered(event.resourceVersion)
    }

    /// Lists (at the start, or again after a 410), emits every object as `.added`, returns the
    /// list's version.
    private func listAndEmit(on easy: CurlEasy, relist: Bool) throws -> String {
        if relist { transport.metrics.relists.add(1, ordering: .relaxed) }
        let operation = relist ? "re-list" : "list"
        var token: String?
        var listVersion = ""
        repeat {
            let path = ListQuery(
                resource: resource, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector,
                limit: 500, continueToken: token
            ).path
            let request = transport.request("GET", path, idempotent: true)
            let response = try transport.exchangeBlocking(request, on: easy, operation: operation, object: label)
            guard (200..<300).contains(response.status) else {
                throw KubeError(response: response, operation: operation, object: label, server: transport.server)
            }
            let page = try client.decodeBody(response, operation: operation, object: label)
            let (items, next, version) = ListQuery.read(page, resource: resource)
            for item in items {
                if stop.isSet { return listVersion }
                transport.metrics.watchEvents.add(1, ordering: .relaxed)
                continuation.yield(WatchEvent(type: .added, object: item))
            }
            if listVersion.isEmpty { listVersion = version }
            token = next
        } while token != nil
        return listVersion
    }
}

/// Splits the chunked watch body into lines of JSON, one event each.
private final class EventReader: @unchecked Sendable {
    // Used only by the one watch thread that owns it; the closures it is captured in need Sendable.
    enum Verdict {
        case delivered(String?)
        case skip
        case expired
        case error(KubeError)
    }

    var buffer: [UInt8] = []
    var errorBody: [UInt8] = []
    var lastVersion: String?
    var expired = false
    var error: KubeError?

    /// Returns `false` to end the transfer (expired or a server error event).
    func feed(_ bytes: UnsafeRawBufferPointer, handle: (Value) -> Verdict) -> Bool {
        buffer.append(contentsOf: bytes)
        var start = 0
        var keepGoing = true
        while keepGoing, let newline = buffer[start...].firstIndex(of: 0x0A) {
            let line = buffer[start..<newline]
            start = newline + 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D }) else { continue }
            guard let value = try? line.withUnsafeBufferPointer({ try Value(jsonBytes: $0) }) else {
                error = KubeError(
                    reason: .invalidResponse, message: "a watch event is not JSON", operation: "watch")
                keepGoing = false
                break
            }
            switch handle(value) {
            case .delivered(let version): if let version, !version.isEmpty { lastVersion = version }
            case .skip: break
            case .expired:
                expired = true
                keepGoing = false
            case .error(let e):
                error = e
                keepGoing = false
            }
        }
        buffer.removeFirst(start)
        return keepGoing
    }
}
