import Foundation

/// lighttpd running `git http-backend` for the repositories under `baseDirectory`: smart HTTP
/// without authentication on `httpPort`, and HTTPS with basic auth on `httpsPort` using a
/// certificate from `certificates` (trust `certificates.caFile`).
///
/// URLs: `http://127.0.0.1:<httpPort>/git/<repo>` and `https://localhost:<httpsPort>/git/<repo>`
/// (libgit2 cannot match an IP address in a certificate, so HTTPS uses the name).
public final class GitHTTPServer: Sendable {
    public let httpPort: Int
    public let httpsPort: Int
    public let baseDirectory: String
    public let certificates: TestCertificateAuthority
    public let username: String
    public let password: String
    private let process: ServerProcess

    /// - Parameters:
    ///   - baseDirectory: where the served bare repositories live.
    ///   - workDirectory: where config, certificates and logs go.
    public init(baseDirectory: String, workDirectory: String, username: String = "gitops", password: String = "s3cret")
        throws
    {
        let files = FileManager.default
        try files.createDirectory(atPath: baseDirectory, withIntermediateDirectories: true)
        try files.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        self.baseDirectory = baseDirectory
        self.username = username
        self.password = password
        certificates = try TestCertificateAuthority(directory: workDirectory + "/tls")
        httpPort = try Ports.free()
        httpsPort = try Ports.free()
        let users = workDirectory + "/users"
        try "\(username):\(password)\n".write(toFile: users, atomically: true, encoding: .utf8)
        let config = workDirectory + "/lighttpd.conf"
        try """
        server.document-root = "\(workDirectory)"
        server.bind = "127.0.0.1"
        server.port = \(httpPort)
        server.errorlog = "\(workDirectory)/error.log"
        server.modules = ("mod_alias", "mod_setenv", "mod_cgi", "mod_auth", "mod_authn_file", "mod_openssl")
        alias.url = ("/git" => "/usr/lib/git-core/git-http-backend")
        $HTTP["url"] =~ "^/git" {
            cgi.assign = ("" => "")
            setenv.add-environment = (
                "GIT_PROJECT_ROOT" => "\(baseDirectory)",
                "GIT_HTTP_EXPORT_ALL" => "1",
                "GIT_CONFIG_NOSYSTEM" => "1"
            )
        }
        auth.backend = "plain"
        auth.backend.plain.userfile = "\(users)"
        $SERVER["socket"] == "127.0.0.1:\(httpsPort)" {
            ssl.engine = "enable"
            ssl.pemfile = "\(certificates.serverCertificateFile)"
            ssl.privkey = "\(certificates.serverKeyFile)"
            auth.require = ("/git" => ("method" => "basic", "realm" => "git", "require" => "valid-user"))
        }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        process = try ServerProcess(
            "lighttpd", ["-D", "-f", config], logFile: workDirectory + "/lighttpd.log", waitForPort: httpsPort)
    }

    public func httpURL(_ repository: String) -> String { "http://127.0.0.1:\(httpPort)/git/\(repository)" }
    public func httpsURL(_ repository: String) -> String { "https://localhost:\(httpsPort)/git/\(repository)" }

    public func stop() { process.stop() }
}
