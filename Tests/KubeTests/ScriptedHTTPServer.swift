import Foundation
import Synchronization

/// A plain-HTTP loopback server answering from a script, for transport behaviour the emulator
/// cannot produce: `Retry-After` headers and connections dropped mid-request.
final class ScriptedHTTPServer: Sendable {
    enum Reply: Sendable {
        case respond(status: Int, headers: [String] = [], body: String)
        /// Close the connection without answering.
        case drop
        /// Say nothing for this long, then close.
        case stall(seconds: Double)
    }

    struct Seen: Sendable {
        var method: String
        var path: String
        var headers: [String]
    }

    private let listener: Int32
    let port: Int
    private let script: @Sendable (Seen, Int) -> Reply
    private let closeAfterResponse: Bool
    private let seen = Mutex<[Seen]>([])
    private let connectionCount = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    var url: String { "http://127.0.0.1:\(port)" }
    var requests: [Seen] { seen.withLock { $0 } }
    var connections: Int { connectionCount.load(ordering: .relaxed) }

    /// `script` gets each request and its index (0-based) and says how to answer.
    /// `closeAfterResponse` answers `Connection: close`, so that every request opens a new
    /// connection (libcurl itself re-sends a request once when a reused connection turns out dead).
    init(closeAfterResponse: Bool = false, script: @escaping @Sendable (Seen, Int) -> Reply) throws {
        self.script = script
        self.closeAfterResponse = closeAfterResponse
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .relaxed) {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            connectionCount.add(1, ordering: .relaxed)
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            // Read one request head and its body.
            var headEnd: Int?
            while headEnd == nil {
                if let range = findHeadEnd(buffer) {
                    headEnd = range
                    break
                }
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
            let lines = head.components(separatedBy: "\r\n")
            let requestLine = lines[0].split(separator: " ")
            let headers = Array(lines.dropFirst())
            var length = 0
            for header in headers where header.lowercased().hasPrefix("content-length:") {
                length = Int(header.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
            }
            while buffer.count < headEnd! + 4 + length {
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            buffer.removeFirst(headEnd! + 4 + length)
            let request = Seen(
                method: String(requestLine.first ?? ""), path: String(requestLine.dropFirst().first ?? ""),
                headers: headers)
            let index = seen.withLock { list in
                list.append(request)
                return list.count - 1
            }
            switch script(request, index) {
            case .drop: return
            case .stall(let seconds):
                Thread.sleep(forTimeInterval: seconds)
                return
            case .respond(let status, let extra, let body):
                var text = "HTTP/1.1 \(status) Scripted\r\nContent-Type: application/json\r\n"
                text += "Content-Length: \(body.utf8.count)\r\n"
                for header in extra { text += header + "\r\n" }
                if closeAfterResponse { text += "Connection: close\r\n" }
                text += "\r\n" + body
                let bytes = Array(text.utf8)
                var sent = 0
                while sent < bytes.count {
                    let n = bytes[sent...].withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
                    if n <= 0 { return }
                    sent += n
                }
                if closeAfterResponse { return }
            }
        }
    }

    private func findHeadEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4)
        where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }
}
