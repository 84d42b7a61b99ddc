import Manifests

/// One HTTP request as the emulator's handlers see it: decoded path and query, lower-cased
/// header names, the whole body, and who the TLS layer says the client is.
struct HTTPRequest: Sendable {
    var method: String
    var path: String
    var query: [(name: String, value: String)]
    var headers: [String: String]
    var body: [UInt8]
    /// The verified client certificate's subject, when one was presented.
    var clientCertificate: ClientCertificate

    func header(_ name: String) -> String? { headers[name] }

    /// The first value of a query parameter, as Go's `url.Values.Get` reads it.
    func queryValue(_ name: String) -> String? {
        for item in query where item.name == name { return item.value }
        return nil
    }

    /// The raw query text, `name=value` pairs joined by `&`, percent-encoded.
    var queryString: String {
        query.map { "\($0.name)=\(percentEncode($0.value))" }.joined(separator: "&")
    }
}

/// What the TLS layer learnt about the client certificate.
enum ClientCertificate: Sendable, Equatable {
    case none
    case invalid
    case valid(commonName: String, organization: String)
}

/// An HTTP response: a complete body, or a stream fed by a watch.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: Body

    enum Body: Sendable {
        case bytes([UInt8])
        case stream(WatchStream)
    }

    init(status: Int, headers: [(String, String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = .bytes(body)
    }

    init(status: Int, headers: [(String, String)] = [], stream: WatchStream) {
        self.status = status
        self.headers = headers
        self.body = .stream(stream)
    }

    /// A JSON response with `Content-Type: application/json` (or the given type).
    static func json(_ value: Value, status: Int = 200, contentType: String = "application/json") -> HTTPResponse {
        var text = value.jsonString
        text.append("\n")
        return HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }
}

private let unreserved: Set<UInt8> = Set(
    Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

func percentEncode(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
        if unreserved.contains(byte) {
            out.unicodeScalars.append(Unicode.Scalar(byte))
        } else {
            let hex = String(byte, radix: 16, uppercase: true)
            out += "%" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return out
}
