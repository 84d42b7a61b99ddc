/// A parsed remote location: `https://`, `http://`, `ssh://`, scp-style `user@host:path`,
/// `git://`, `file://` or a local path.
struct RemoteURL: Sendable, Hashable {
    enum Transport: String, Sendable {
        case https, http, ssh, git, file
    }

    var transport: Transport
    /// The URL as given, for libgit2.
    var original: String
    /// Host name without brackets; empty for local repositories.
    var host: String
    /// Explicit or default port.
    var port: Int
    /// The user for ssh (from the URL, default `git`); nil for other transports.
    var sshUser: String?
    /// The path on the server; for scp-style URLs relative to the user's home unless it starts
    /// with `/`.
    var path: String

    /// The URL with user information hidden, safe for logs and errors.
    var redacted: String { Self.redactCredentials(in: original) }

    init(_ text: String) throws(RepoSyncError) {
        original = text
        func invalid(_ why: String) -> RepoSyncError {
            RepoSyncError(
                .invalidConfiguration, "\(why) in repository URL \(Self.redactCredentials(in: text))",
                operation: "parse remote URL")
        }
        if let schemeEnd = text.firstRange(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            guard let t = Transport(rawValue: scheme == "ssh+git" || scheme == "git+ssh" ? "ssh" : scheme) else {
                throw invalid("unsupported scheme '\(scheme)' (use https, http, ssh, git or file)")
            }
            transport = t
            var rest = text[schemeEnd.upperBound...]
            if t == .file {
                host = ""
                port = 0
                path = String(rest)
                sshUser = nil
                return
            }
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            var authority = rest[..<authorityEnd]
            path = authorityEnd < rest.endIndex ? String(rest[authorityEnd...]) : "/"
            rest = rest[authorityEnd...]
            var user: String?
            if let at = authority.lastIndex(of: "@") {
                let info = authority[..<at]
                user = String(info.split(separator: ":", maxSplits: 1).first ?? "")
                authority = authority[authority.index(after: at)...]
            }
            var hostPart = Substring(authority)
            var portText: Substring?
            if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
                let after = hostPart[hostPart.index(after: close)...]
                if after.hasPrefix(":") { portText = after.dropFirst() }
                hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
            } else if let colon = hostPart.lastIndex(of: ":") {
                portText = hostPart[hostPart.index(after: colon)...]
                hostPart = hostPart[..<colon]
            }
            guard !hostPart.isEmpty else { throw invalid("missing host") }
            host = String(hostPart)
            let defaultPort = [Transport.https: 443, .http: 80, .ssh: 22, .git: 9418][t] ?? 0
            if let portText, !portText.isEmpty {
                guard let p = Int(portText), p > 0, p < 65536 else { throw invalid("bad port '\(portText)'") }
                port = p
            } else {
                port = defaultPort
            }
            sshUser = t == .ssh ? (user ?? "git") : nil
            return
        }
        // scp-style `[user@]host:path`: a colon before any slash, and not a Windows drive.
        if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/"),
            text.distance(
                from: text.startIndex, to: colon) > 1
        {
            transport = .ssh
            var hostPart = text[..<colon]
            var user = "git"
            if let at = hostPart.lastIndex(of: "@") {
                user = String(hostPart[..<at])
                hostPart = hostPart[hostPart.index(after: at)...]
            }
            if hostPart.hasPrefix("["), hostPart.hasSuffix("]") { hostPart = hostPart.dropFirst().dropLast() }
            guard !hostPart.isEmpty else { throw invalid("missing host") }
            host = String(hostPart)
            port = 22
            sshUser = user
            path = String(text[text.index(after: colon)...])
            return
        }
        guard !text.isEmpty else { throw invalid("empty URL") }
        transport = .file
        host = ""
        port = 0
        path = text
        sshUser = nil
    }

    /// The ssh URL libgit2 should use when the connection goes through a local relay on
    /// `127.0.0.1:relayPort` instead of the real host.
    func sshURL(relayPort: Int) -> String {
        let user = sshUser ?? "git"
        // A relative scp-style path is relative to the home directory: `~/` keeps that meaning.
        let remotePath = path.hasPrefix("/") ? path : "/~/" + path
        return "ssh://\(user)@127.0.0.1:\(relayPort)\(remotePath)"
    }

    /// The name known_hosts uses for this server: `host`, or `[host]:port` off port 22.
    var knownHostsName: String { port == 22 ? host : "[\(host)]:\(port)" }

    /// Replaces the user information of every `scheme://user[:secret]@` in `text` with `***`;
    /// ssh user names without a secret are kept.
    static func redactCredentials(in text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let schemeEnd = rest.firstRange(of: "://") {
            let scheme = rest[..<schemeEnd.lowerBound].reversed().prefix { $0.isLetter || $0 == "+" }
            let isSSH = String(scheme).lowercased().contains("hss")
            result += rest[..<schemeEnd.upperBound]
            rest = rest[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == " " || $0 == "'" || $0 == "\"" } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                let info = rest[..<at]
                result += isSSH && !info.contains(":") ? String(info) : "***"
                rest = rest[at...]
            }
        }
        return result + rest
    }
}
