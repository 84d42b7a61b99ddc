internal import CMicroHTTPD
import Manifests
import Synchronization

/// A libmicrohttpd daemon, one thread per connection, so that a long watch never holds up
/// other requests. Handlers run on the connection's thread and may block.
final class HTTPDaemon: Sendable {
    typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    private let handlerBox: HandlerBox
    private let daemon: DaemonHandle
    let port: Int

    /// Binds `host:port` and starts serving. `tls` carries PEM texts; `clientTrust` makes the
    /// server ask for client certificates and verify them against that CA.
    init(
        host: String, port: Int, tls: (key: String, certificate: String)?, clientTrust: String?,
        handler: @escaping Handler
    )
        throws(EmulatorError)
    {
        let box = HandlerBox(handler: handler, verifiesClients: clientTrust != nil)
        let flags =
            MHD_USE_THREAD_PER_CONNECTION.rawValue | MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_POLL.rawValue
        let raw = Unmanaged.passUnretained(box).toOpaque()
        let started: OpaquePointer? = host.withCString { hostC in
            withOptionalCString(tls?.key) { keyC in
                withOptionalCString(tls?.certificate) { certC in
                    withOptionalCString(clientTrust) { trustC in
                        gitops_mhd_start(
                            flags, hostC, UInt16(port), accessHandler, raw, requestCompleted, nil,
                            keyC, certC, trustC, 600)
                    }
                }
            }
        }
        guard let started else {
            throw EmulatorError(
                "could not listen on \(host):\(port) (port in use, bad address or bad TLS material); "
                    + "pick another port or use port 0")
        }
        handlerBox = box
        daemon = DaemonHandle(pointer: started)
        self.port = Int(gitops_mhd_daemon_port(started))
    }

    /// Stops listening, closes connections and joins their threads.
    func stop() { daemon.stop() }
}

/// Owns the `MHD_Daemon*`; stopping twice is harmless.
private final class DaemonHandle: Sendable {
    /// The pointer's bits (OpaquePointer is not Sendable); 0 once stopped.
    private let address: Mutex<UInt>
    init(pointer: OpaquePointer) { address = Mutex(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(pointer)))) }
    func stop() {
        let bits = address.withLock { a -> UInt in
            defer { a = 0 }
            return a
        }
        if bits != 0, let p = OpaquePointer(bitPattern: bits) { MHD_stop_daemon(p) }
    }
    deinit { stop() }
}

private final class HandlerBox: Sendable {
    let handler: HTTPDaemon.Handler
    let verifiesClients: Bool
    init(handler: @escaping HTTPDaemon.Handler, verifiesClients: Bool) {
        self.handler = handler
        self.verifiesClients = verifiesClients
    }
}

/// The body collected over the calls MHD makes for one request.
private final class RequestBody {
    var bytes: [UInt8] = []
}

private func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}

private func string(_ p: UnsafePointer<CChar>?) -> String {
    guard let p else { return "" }
    return String(cString: p)
}

private let requestCompleted: MHD_RequestCompletedCallback = { _, _, context, _ in
    guard let context, let raw = context.pointee else { return }
    Unmanaged<RequestBody>.fromOpaque(raw).release()
    context.pointee = nil
}

private let accessHandler: MHD_AccessHandlerCallback = {
    cls, connection, url, method, _, uploadData, uploadDataSize, context in
    guard let cls, let connection, let context, let uploadDataSize else { return .NO }
    if context.pointee == nil {
        context.pointee = Unmanaged.passRetained(RequestBody()).toOpaque()
        return .YES
    }
    let body = Unmanaged<RequestBody>.fromOpaque(context.pointee!).takeUnretainedValue()
    if uploadDataSize.pointee > 0 {
        if let uploadData {
            uploadData.withMemoryRebound(to: UInt8.self, capacity: uploadDataSize.pointee) {
                body.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: uploadDataSize.pointee))
            }
        }
        uploadDataSize.pointee = 0
        return .YES
    }
    let box = Unmanaged<HandlerBox>.fromOpaque(cls).takeUnretainedValue()
    let request = HTTPRequest(
        method: string(method), path: string(url), query: connectionValues(connection, .GET_ARGUMENT_KIND),
        headers: Dictionary(
            connectionValues(connection, .HEADER_KIND).map { ($0.name.lowercased(), $0.value) },
            uniquingKeysWith: { first, _ in first }),
        body: body.bytes, clientCertificate: box.verifiesClients ? peerCertificate(connection) : .none)
    let response = box.handler(request)
    return queue(response, on: connection)
}

private final class ValueCollector {
    var items: [(name: String, value: String)] = []
}

private func connectionValues(_ connection: OpaquePointer, _ kind: MHD_ValueKind) -> [(name: String, value: String)] {
    let collector = ValueCollector()
    withExtendedLifetime(collector) {
        _ = MHD_get_connection_values(
            connection, kind,
            { cls, _, key, value in
                guard let cls else { return .NO }
                let c = Unmanaged<ValueCollector>.fromOpaque(cls).takeUnretainedValue()
                c.items.append((string(key), string(value)))
                return .YES
            }, Unmanaged.passUnretained(collector).toOpaque())
    }
    return collector.items
}

private func peerCertificate(_ connection: OpaquePointer) -> ClientCertificate {
    var cn = [CChar](repeating: 0, count: 256)
    var org = [CChar](repeating: 0, count: 256)
    let result = gitops_mhd_verify_peer(connection, &cn, cn.count, &org, org.count)
    switch result {
    case GITOPS_PEER_CERT_VALID:
        return .valid(
            commonName: String(decoding: cn.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
            organization: String(decoding: org.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    case GITOPS_PEER_CERT_INVALID: return .invalid
    default: return .none
    }
}

private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    let mhdResponse: OpaquePointer?
    switch response.body {
    case .bytes(var bytes):
        mhdResponse = bytes.withUnsafeMutableBytes {
            MHD_create_response_from_buffer($0.count, $0.baseAddress, .RESPMEM_MUST_COPY)
        }
    case .stream(let stream):
        let fd = gitops_mhd_connection_fd(connection)
        stream.watchPeer { gitops_socket_peer_closed(fd) != 0 }
        let raw = Unmanaged.passRetained(stream).toOpaque()
        mhdResponse = MHD_create_response_from_callback(
            gitops_mhd_size_unknown(), 32 * 1024,
            { cls, _, buffer, max in
                guard let cls, let buffer else { return gitops_mhd_end_of_stream() }
                let s = Unmanaged<WatchStream>.fromOpaque(cls).takeUnretainedValue()
                let n = buffer.withMemoryRebound(to: UInt8.self, capacity: max) { s.read(into: $0, max: max) }
                return n < 0 ? gitops_mhd_end_of_stream() : n
            },
            raw,
            { cls in
                guard let cls else { return }
                let s = Unmanaged<WatchStream>.fromOpaque(cls).takeRetainedValue()
                s.close()
            })
        if mhdResponse == nil { Unmanaged<WatchStream>.fromOpaque(raw).release() }
    }
    guard let mhdResponse else { return .NO }
    defer { MHD_destroy_response(mhdResponse) }
    for (name, value) in response.headers {
        _ = MHD_add_response_header(mhdResponse, name, value)
    }
    return MHD_queue_response(connection, UInt32(response.status), mhdResponse)
}
