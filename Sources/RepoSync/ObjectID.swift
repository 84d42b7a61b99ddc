internal import CGit2

/// A SHA-1 object id, kept as libgit2's struct inside the module and as hex text outside it.
struct ObjectID: Hashable, Sendable {
    var raw: git_oid

    init(_ raw: git_oid) { self.raw = raw }

    /// Parses a full 40-digit hex SHA; nil for anything else.
    init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ $0 < 128 && isHexDigit($0) }) else { return nil }
        var oid = git_oid()
        guard git_oid_fromstr(&oid, hex) == 0 else { return nil }
        raw = oid
    }

    var hex: String {
        var copy = raw
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, &copy)
        return String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    var isZero: Bool {
        var copy = raw
        return git_oid_is_zero(&copy) == 1
    }

    static func == (a: ObjectID, b: ObjectID) -> Bool {
        var x = a.raw
        var y = b.raw
        return git_oid_cmp(&x, &y) == 0
    }

    func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: raw) { hasher.combine(bytes: $0) }
    }
}

/// True for 0-9, a-f, A-F.
func isHexDigit(_ c: UInt8) -> Bool {
    (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}
