import Foundation
import TestSupport

/// `git daemon` serving bare repositories from a temp directory on a free loopback port;
/// stopped when released.
final class GitDaemon: Sendable {
    let baseDirectory: String
    let port: UInt16
    private let process: Process

    init(baseDirectory: String) throws {
        self.baseDirectory = baseDirectory
        try FileManager.default.createDirectory(atPath: baseDirectory, withIntermediateDirectories: true)
        var lastError: Error?
        for _ in 0..<5 {
            let port = try Loopback.freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try ProcessRunner.resolve("git"))
            process.arguments = [
                "daemon", "--reuseaddr", "--export-all", "--base-path=\(baseDirectory)", "--listen=127.0.0.1",
                "--port=\(port)", baseDirectory,
            ]
            process.environment = GitWorkTree.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if Loopback.waitUntilListening(port: port, while: { process.isRunning }) {
                self.port = port
                self.process = process
                return
            }
            process.terminate()
            process.waitUntilExit()
            lastError = CocoaError(
                .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "git daemon on \(port) did not start"])
        }
        throw lastError!
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// `git://127.0.0.1:<port>/<name>`.
    func url(_ name: String) -> String { "git://127.0.0.1:\(port)/\(name)" }
}

/// Loopback port helpers.
enum Loopback {
    /// A port the OS reports free right now (bound to port 0, then closed).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "bind failed"]) }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Polls until something accepts connections on `port` (up to 10 s), while `alive`.
    static func waitUntilListening(port: UInt16, while alive: () -> Bool) -> Bool {
        for _ in 0..<200 {
            guard alive() else { return false }
            if canConnect(port) { return true }
            usleep(50_000)
        }
        return false
    }

    static func canConnect(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
