/// A REST resource that serves one kind: what discovery says about it.
public struct APIResource: Sendable, Hashable, CustomStringConvertible {
    /// Plural resource name in URLs, e.g. `deployments`.
    public var name: String
    /// The kind its objects have, e.g. `Deployment`.
    public var kind: String
    /// API group, `""` for the core group.
    public var group: String
    public var version: String
    /// Whether objects live in a namespace (else cluster-scoped).
    public var namespaced: Bool
    /// What the server allows on it: `get`, `list`, `watch`, `patch`, …
    public var verbs: [String]

    public init(name: String, kind: String, group: String, version: String, namespaced: Bool, verbs: [String] = []) {
        self.name = name
        self.kind = kind
        self.group = group
        self.version = version
        self.namespaced = namespaced
        self.verbs = verbs
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `deployments.apps`, as kubectl names resources.
    public var description: String { group.isEmpty ? name : "\(name).\(group)" }

    /// The URL path of the collection or of one object, with an optional subresource.
    func path(namespace: String?, name objectName: String? = nil, subresource: String? = nil) -> String {
        var path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { path += "/namespaces/\(percentEncode(namespace))" }
        path += "/\(name)"
        if let objectName { path += "/\(percentEncode(objectName))" }
        if let subresource { path += "/\(subresource)" }
        return path
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
func percentEncode(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            let hex = Array("0123456789ABCDEF".utf8)
            out += "%"
            out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
            out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
        }
    }
    return out
}

/// `?a=1&b=2` from the pairs whose value is set; empty when none is.
func queryString(_ items: [(String, String?)]) -> String {
    let parts = items.compactMap { key, value in value.map { "\(key)=\(percentEncode($0))" } }
    return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
}
