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
        guard let bound = Ports.bindLoopback(fd, backlog: 16) else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        listener = fd
        port = bound
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
        accepted.withLock { clients in
            for client in clients { close(client) }
        }
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
