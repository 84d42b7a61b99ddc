import Foundation

/// `git daemon` serving every repository under `baseDirectory` over git:// on 127.0.0.1.
///
/// ```swift
/// let server = try GitDaemonServer(baseDirectory: dir.path("srv"))
/// try source.publish(to: dir.path("srv/app.git"))
/// let url = server.url("app.git")   // git://127.0.0.1:<port>/app.git
/// ```
public final class GitDaemonServer: Sendable {
    public let port: Int
    public let baseDirectory: String
    private let process: ServerProcess

    public init(baseDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: baseDirectory, withIntermediateDirectories: true)
        self.baseDirectory = baseDirectory
        port = try Ports.free()
        process = try ServerProcess(
            "git",
            [
                "daemon", "--reuseaddr", "--export-all", "--informative-errors", "--base-path=\(baseDirectory)",
                "--listen=127.0.0.1", "--port=\(port)", baseDirectory,
            ], environment: GitWorkTree.environment, logFile: baseDirectory + "/../git-daemon-\(port).log",
            waitForPort: port)
    }

    /// `git://127.0.0.1:<port>/<repository>`.
    public func url(_ repository: String) -> String { "git://127.0.0.1:\(port)/\(repository)" }

    public func stop() { process.stop() }
}
