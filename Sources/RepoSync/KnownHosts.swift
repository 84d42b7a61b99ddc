/// The entries of an OpenSSH known_hosts file, for checking a server's host key.
///
/// Supported: plain and comma-separated host patterns with `*`, `?` and `!` negation,
/// `[host]:port` names, hashed names (`|1|salt|hmac`), and `@revoked` lines. `@cert-authority`
/// lines are ignored (host certificates are not supported by libssh2).
struct KnownHosts: Sendable {
    struct Entry: Sendable {
        var patterns: [Substring]
        var keyType: String
        var key: [UInt8]
        var keyBase64: String
        var revoked: Bool
    }

    enum Verdict: Equatable {
        case trusted
        case unknown
        case mismatch
        case revoked
    }

    var entries: [Entry]
    /// Where the entries came from, for messages.
    var source: String

    init(parsing text: String, source: String) {
        self.source = source
        entries = text.split(whereSeparator: \.isNewline).compactMap { line in
            var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = fields.first, !first.hasPrefix("#") else { return nil }
            var revoked = false
            if first.hasPrefix("@") {
                guard first == "@revoked" else { return nil }
                revoked = true
                fields.removeFirst()
            }
            guard fields.count >= 3, let key = Base64.decode(fields[2]) else { return nil }
            return Entry(
                patterns: fields[0].split(separator: ","), keyType: String(fields[1]), key: key,
                keyBase64: String(fields[2]), revoked: revoked)
        }
    }

    /// The entries (not revoked) that name `host` on `port`.
    func entries(forHost host: String, port: Int) -> [Entry] {
        let name = port == 22 ? host : "[\(host)]:\(port)"
        return entries.filter { !$0.revoked && Self.matches($0.patterns, name: name) }
    }

    /// Whether `key` (the raw public-key blob the server offered) is trusted for `host`:`port`.
    func verdict(host: String, port: Int, key: [UInt8]) -> Verdict {
        let name = port == 22 ? host : "[\(host)]:\(port)"
        let named = entries.filter { Self.matches($0.patterns, name: name) }
        if named.contains(where: { $0.revoked && $0.key == key }) { return .revoked }
        let live = named.filter { !$0.revoked }
        if live.contains(where: { $0.key == key }) { return .trusted }
        return live.isEmpty ? .unknown : .mismatch
    }

    /// A comma-separated pattern list matches when some pattern matches and no negated one does.
    static func matches(_ patterns: [Substring], name: String) -> Bool {
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if matchesOne(pattern.dropFirst(), name: name) { return false }
            } else if matchesOne(pattern, name: name) {
                matched = true
            }
        }
        return matched
    }

    private static func matchesOne(_ pattern: Substring, name: String) -> Bool {
        if pattern.hasPrefix("|1|") {
            let parts = pattern.dropFirst(3).split(separator: "|")
            guard parts.count == 2, let salt = Base64.decode(parts[0]), let digest = Base64.decode(parts[1]) else {
                return false
            }
            return SHA1.hmac(key: salt, message: Array(name.utf8)) == digest
        }
        // Host names compare case-insensitively; `*` and `?` are the only wildcards (a bracket
        // is a literal here, which is why fnmatch cannot be used).
        return wildcard(Array(pattern.lowercased().utf8)[...], Array(name.lowercased().utf8)[...])
    }

    private static func wildcard(_ p: ArraySlice<UInt8>, _ t: ArraySlice<UInt8>) -> Bool {
        guard let c = p.first else { return t.isEmpty }
        if c == UInt8(ascii: "*") {
            var rest = t
            while true {
                if wildcard(p.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let n = t.first, c == UInt8(ascii: "?") || c == n else { return false }
        return wildcard(p.dropFirst(), t.dropFirst())
    }
}
