internal import CCurl

/// One libcurl easy handle and the connections it keeps open. Used by one thread at a time.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    private let tls: TLSSettings
    private let connectTimeout: Duration

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    init(tls: TLSSettings, connectTimeout: Duration) throws(TransportFailure) {
        guard CurlEasy.globalInit, let h = curl_easy_init() else {
            throw TransportFailure(kind: .other, curlCode: -1, detail: "libcurl could not be initialised")
        }
        handle = h
        self.tls = tls
        self.connectTimeout = connectTimeout
    }

    /// The status of the transfer in progress: usable from its data callback.
    var responseCode: Int {
        var status = 0
        _ = gitops_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return status
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(connectTo)
    }

    /// Runs one request to completion. `onData`, when given, receives the body as it arrives
    /// (watches) and returns `false` to stop; `shouldStop` is polled about once a second.
    func perform(
        _ request: HTTPRequest, onData: ((UnsafeRawBufferPointer) -> Bool)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) throws(TransportFailure) -> HTTPResponse {
        curl_easy_reset(handle)
        let sink = TransferSink(onData: onData, shouldStop: shouldStop)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers { headerList = curl_slist_append(headerList, header) }
        // No "Expect: 100-continue" round trip before a body: the API server answers at once anyway.
        headerList = curl_slist_append(headerList, "Expect:")

        var code = CURLE_OK
        withExtendedLifetime(sink) {
            let payload = Unmanaged.passUnretained(sink).toOpaque()
            configure(request, headers: headerList, payload: payload)
            errorBuffer[0] = 0
            code = errorBuffer.withUnsafeMutableBufferPointer { errbuf in
                _ = gitops_curl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errbuf.baseAddress)
                if let body = request.body {
                    return body.withUnsafeBufferPointer { bytes in
                        _ = gitops_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
                        _ = gitops_curl_setopt_ptr(
                            handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                        return curl_easy_perform(handle)
                    }
                }
                return curl_easy_perform(handle)
            }
            _ = gitops_curl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, nil)
        }
        var connects = 0
        _ = gitops_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        guard code == CURLE_OK || (code == CURLE_WRITE_ERROR && sink.stoppedByReader) else {
            throw failure(code, stopped: sink.stoppedByReader)
        }
        var status = 0
        _ = gitops_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(
            status: status, contentType: sink.contentType, retryAfter: sink.retryAfter, body: sink.body,
            newConnections: connects)
    }

    private func configure(
        _ request: HTTPRequest, headers: UnsafeMutablePointer<curl_slist>?, payload: UnsafeMutableRawPointer
    ) {
        var url = request.url
        if let serverName = tls.serverName, let target = URLParts(url) {
            // Verify (and send SNI for) the configured name while connecting to the real address.
            url = target.replacingHost(with: serverName)
            _ = gitops_curl_setopt_slist(handle, CURLOPT_CONNECT_TO, nil)
            connectTo = curl_slist_append(nil, "\(serverName):\(target.port):\(target.host):\(target.port)")
            _ = gitops_curl_setopt_slist(handle, CURLOPT_CONNECT_TO, connectTo)
        }
        _ = gitops_curl_setopt_str(handle, CURLOPT_URL, url)
        _ = gitops_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = gitops_curl_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        _ = gitops_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        _ = gitops_curl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
        _ = gitops_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, connectTimeout.milliseconds)
        if let proxy = tls.proxyURL { _ = gitops_curl_setopt_str(handle, CURLOPT_PROXY, proxy) }
        // "" lets libcurl offer every encoding it can decode.
        if tls.compression { _ = gitops_curl_setopt_str(handle, CURLOPT_ACCEPT_ENCODING, "") }
        if let timeout = request.timeout {
            _ = gitops_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeout.milliseconds)
        }
        _ = gitops_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers)
        switch request.method {
        case "GET": _ = gitops_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        case "POST": _ = gitops_curl_setopt_long(handle, CURLOPT_POST, 1)
        default: _ = gitops_curl_setopt_str(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
        if request.body == nil, request.method != "GET" {
            // COPYPOSTFIELDS: libcurl keeps its own (empty) copy, no pointer outlives this call.
            _ = gitops_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, 0)
            _ = gitops_curl_setopt_str(handle, CURLOPT_COPYPOSTFIELDS, "")
        }
        configureTLS(request)
        _ = gitops_curl_setopt_data_cb(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
        _ = gitops_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, payload)
        _ = gitops_curl_setopt_data_cb(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        _ = gitops_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, payload)
        _ = gitops_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
        _ = gitops_curl_setopt_xfer_cb(handle, CURLOPT_XFERINFOFUNCTION, curlProgress)
        _ = gitops_curl_setopt_ptr(handle, CURLOPT_XFERINFODATA, payload)
    }

    private var connectTo: UnsafeMutablePointer<curl_slist>? {
        willSet { curl_slist_free_all(connectTo) }
    }

    private func configureTLS(_ request: HTTPRequest) {
        if tls.insecureSkipVerify {
            _ = gitops_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0)
            _ = gitops_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0)
        } else {
            _ = gitops_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
            _ = gitops_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        }
        if let pem = tls.caPEM { setBlob(CURLOPT_CAINFO_BLOB, pem) }
        if let file = tls.caFile { _ = gitops_curl_setopt_str(handle, CURLOPT_CAINFO, file) }
        if let pem = tls.clientCertPEM {
            setBlob(CURLOPT_SSLCERT_BLOB, pem)
            _ = gitops_curl_setopt_str(handle, CURLOPT_SSLCERTTYPE, "PEM")
        }
        if let file = tls.clientCertFile { _ = gitops_curl_setopt_str(handle, CURLOPT_SSLCERT, file) }
        if let pem = tls.clientKeyPEM {
            setBlob(CURLOPT_SSLKEY_BLOB, pem)
            _ = gitops_curl_setopt_str(handle, CURLOPT_SSLKEYTYPE, "PEM")
        }
        if let file = tls.clientKeyFile { _ = gitops_curl_setopt_str(handle, CURLOPT_SSLKEY, file) }
        // A certificate from an exec plugin replaces the configured one.
        if let cert = request.clientCertPEM, let key = request.clientKeyPEM {
            setBlob(CURLOPT_SSLCERT_BLOB, cert)
            setBlob(CURLOPT_SSLKEY_BLOB, key)
        }
    }

    private func setBlob(_ option: CURLoption, _ bytes: [UInt8]) {
        var copy = bytes
        copy.withUnsafeMutableBytes { raw in
            // CURL_BLOB_COPY: libcurl keeps its own copy, so the Swift buffer may go away.
            var blob = curl_blob(data: raw.baseAddress, len: raw.count, flags: UInt32(CURL_BLOB_COPY))
            _ = gitops_curl_setopt_blob(handle, option, &blob)
        }
    }

    private func failure(_ code: CURLcode, stopped: Bool) -> TransportFailure {
        let detail = errorBuffer.withUnsafeBufferPointer { buf -> String in
            let text = String(cString: buf.baseAddress!)
            return text.isEmpty ? String(cString: curl_easy_strerror(code)) : text
        }
        let kind: TransportFailure.Kind
        switch code {
        case CURLE_COULDNT_CONNECT: kind = .connectionRefused
        case CURLE_COULDNT_RESOLVE_HOST: kind = .resolve
        case CURLE_OPERATION_TIMEDOUT: kind = .timeout
        case CURLE_PEER_FAILED_VERIFICATION: kind = .tlsVerification
        case CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND:
            kind = .tlsSetup
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_SSL_CONNECT_ERROR:
            kind = .connectionLost
        case CURLE_ABORTED_BY_CALLBACK: kind = .cancelled
        default: kind = stopped ? .cancelled : .other
        }
        return TransportFailure(kind: kind, curlCode: Int(code.rawValue), detail: detail)
    }
}

/// Per-transfer state reached from libcurl's callbacks through their payload pointer.
private final class TransferSink {
    var body: [UInt8] = []
    var contentType = ""
    var retryAfter: String?
    var stoppedByReader = false
    let onData: ((UnsafeRawBufferPointer) -> Bool)?
    let shouldStop: (() -> Bool)?

    init(onData: ((UnsafeRawBufferPointer) -> Bool)?, shouldStop: (() -> Bool)?) {
        self.onData = onData
        self.shouldStop = shouldStop
    }

    func header(_ line: String) {
        guard let colon = line.firstIndex(of: ":") else {
            // A new status line (after a 100 Continue or a redirect) starts a new header block.
            if line.hasPrefix("HTTP/") {
                contentType = ""
                retryAfter = nil
            }
            return
        }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingSpaces()
        if name == "content-type" { contentType = value } else if name == "retry-after" { retryAfter = value }
    }
}

private let curlWriteBody: gitops_curl_data_cb = { data, size, count, payload in
    let sink = Unmanaged<TransferSink>.fromOpaque(payload!).takeUnretainedValue()
    let n = size * count
    guard n > 0, let data else { return n }
    let bytes = UnsafeRawBufferPointer(start: data, count: n)
    if let onData = sink.onData {
        if !onData(bytes) {
            sink.stoppedByReader = true
            return 0
        }
    } else {
        sink.body.append(contentsOf: bytes)
    }
    return n
}

private let curlWriteHeader: gitops_curl_data_cb = { data, size, count, payload in
    let sink = Unmanaged<TransferSink>.fromOpaque(payload!).takeUnretainedValue()
    let n = size * count
    guard n > 0, let data else { return n }
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
    sink.header(line)
    return n
}

private let curlProgress: gitops_curl_xfer_cb = { payload, _, _, _, _ in
    let sink = Unmanaged<TransferSink>.fromOpaque(payload!).takeUnretainedValue()
    if let stop = sink.shouldStop, stop() {
        sink.stoppedByReader = true
        return 1
    }
    return 0
}

extension Duration {
    /// Whole milliseconds, at least 1 for a positive duration.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        let ms = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        return ms == 0 && attoseconds > 0 ? 1 : ms
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        // `isWhitespace`, not a list of characters: "\r\n" is a single Character in Swift.
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
