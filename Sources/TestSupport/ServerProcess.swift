import Foundation
import Spawn
import Synchronization

/// A long-running server process for tests: output goes to a log file (read it with `log`
/// when a test fails), and `stop()` — also run on release — sends SIGTERM, then SIGKILL, and
/// reaps it. Started with `posix_spawn` so that stopping never depends on a run loop.
public final class ServerProcess: Sendable {
    public let logFile: String
    public let pid: pid_t
    /// The exit status once the process has been reaped (128 + signal when a signal ended it).
    private let exited = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`; waits until 127.0.0.1:`port` accepts connections
    /// when a port is given (up to 10 s).
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, logFile: String,
        waitForPort port: Int? = nil
    ) throws {
        self.logFile = logFile
        // Spawn closes this process's other descriptors in the child and starts it with default
        // signal handling: the test runner blocks or ignores some, and SIGTERM must stop it.
        let child = try Spawn.startDetached(
            try ProcessRunner.resolve(executable), arguments, environment: environment, logFile: logFile)
        pid = child
        if let port {
            let limit = Date().addingTimeInterval(10)
            while !Ports.accepts(port) {
                guard isRunning, Date() < limit else {
                    stop()
                    throw ServerStartFailure(command: executable, log: log(), port: port)
                }
                usleep(20_000)
            }
        }
    }

    deinit { stop() }

    /// The server's output so far.
    public func log() -> String {
        (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
    }

    /// Whether the process has not exited yet (reaps it when it has).
    public var isRunning: Bool {
        exited.withLock { status in
            var raw: Int32 = 0
            if status == nil, waitpid(pid, &raw, WNOHANG) == pid { status = ServerProcess.decode(raw) }
            return status == nil
        }
    }

    /// The exit status, once the process has exited (nil while it runs).
    public var terminationStatus: Int32? {
        _ = isRunning
        return exited.withLock { $0 }
    }

    private static func decode(_ raw: Int32) -> Int32 {
        (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
    }

    /// Stops the server and waits for it to exit.
    public func stop() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let limit = Date().addingTimeInterval(3)
        while isRunning, Date() < limit { usleep(5_000) }
        guard isRunning else { return }
        kill(pid, SIGKILL)
        exited.withLock { status in
            var raw: Int32 = 0
            if status == nil, waitpid(pid, &raw, 0) == pid { status = ServerProcess.decode(raw) }
        }
    }
}

/// A server that did not come up: its command, its port and its log.
public struct ServerStartFailure: Error, CustomStringConvertible {
    public var command: String
    public var log: String
    public var port: Int
    public var description: String { "\(command) did not listen on 127.0.0.1:\(port):\n\(log)" }
}

/// Loopback port helpers.
public enum Ports {
    /// A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it).
    public static func free() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        guard let port = bindLoopback(fd, backlog: nil) else { throw POSIXError(.EADDRNOTAVAIL) }
        return port
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Binds socket `fd` to 127.0.0.1 on a port the kernel picks, and listens when `backlog`
    /// is given; returns the port, or nil on failure.
    static func bindLoopback(_ fd: Int32, backlog: Int32?) -> Int? {
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && (backlog.map { listen(fd, $0) == 0 } ?? true)
                    && getsockname(fd, $0, &length) == 0
            }
        }
        return ok ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return address
    }
}
