import Foundation
import Synchronization

/// A TCP server on 127.0.0.1 that accepts connections and never sends or reads a byte: the
/// "hung server" every client deadline must survive. Runs on its own thread until `stop()`
/// (also called on release).
public final class SilentServer: Sendable {
    public let port: Int
    private let listener: Int32
    private let wake: (read: Int32, write: Int32)
    private let accepted = Mutex<[Int32]>([])
    private let done = DispatchSemaphore(value: 0)
    private let stopped = Mutex(false)

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        wake = (fds[0], fds[1])
        Thread { [self] in
            serve()
            done.signal()
        }.start()
    }

    deinit { stop() }

    /// How many connections the server has accepted so far.
    public var connectionCount: Int { accepted.withLock { $0.count } }

    public func stop() {
        let first = stopped.withLock { s in
            defer { s = true }
            return !s
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        done.wait()
        accepted.withLock { $0.forEach { close($0) } }
        close(listener)
        close(wake.read)
        close(wake.write)
    }

    private func serve() {
        while true {
            var fds = [
                pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&fds, 2, -1) > 0 else { continue }
            if fds[1].revents != 0 { return }
            let client = accept(listener, nil, nil)
            if client >= 0 { accepted.withLock { $0.append(client) } }
        }
    }
}
