/// Which repository paths to take: a path is selected when it matches one of `include` and
/// none of `exclude`.
///
/// Patterns use `*` (any run of characters except `/`), `?` (one character except `/`), `**`
/// (any run of characters including `/`, so `**/x.yaml` also matches `x.yaml`) and `[abc]`. A
/// pattern without `/` is matched against the file name alone, so `*.yaml` selects YAML files
/// at any depth; a pattern with `/` is matched against the whole path relative to the
/// repository root.
public struct PathFilter: Sendable, Hashable {
    /// Patterns of which at least one must match.
    public var include: [String]
    /// Patterns of which none may match.
    public var exclude: [String]

    /// `*.yaml`, `*.yml` and `*.json`, nothing excluded.
    public static let `default` = PathFilter(include: ["*.yaml", "*.yml", "*.json"])
    /// Every path.
    public static let all = PathFilter(include: ["**"])

    /// A filter taking paths that match `include` and not `exclude`.
    public init(include: [String], exclude: [String] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// Whether `path` (relative to the repository root, `/`-separated) is selected.
    public func matches(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        let name = bytes.lastIndex(of: UInt8(ascii: "/")).map { Array(bytes[($0 + 1)...]) } ?? bytes
        func test(_ pattern: String) -> Bool {
            let p = Array(pattern.utf8)
            return Glob.match(p, p.contains(UInt8(ascii: "/")) || pattern.hasPrefix("**") ? bytes : name)
        }
        return include.contains(where: test) && !exclude.contains(where: test)
    }
}

/// A small glob matcher over UTF-8 bytes (see `PathFilter` for the syntax).
enum Glob {
    private static let slash = UInt8(ascii: "/")
    private static let star = UInt8(ascii: "*")
    private static let question = UInt8(ascii: "?")
    private static let open = UInt8(ascii: "[")
    private static let close = UInt8(ascii: "]")

    static func match(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        match(pattern[...], text[...])
    }

    private static func match(_ p: ArraySlice<UInt8>, _ t: ArraySlice<UInt8>) -> Bool {
        var p = p
        var t = t
        while let c = p.first {
            switch c {
            case star:
                let doubled = p.dropFirst().first == star
                var rest = p.dropFirst(doubled ? 2 : 1)
                if doubled {
                    // `**/` may also match nothing, so `**/a` matches `a`.
                    if rest.first == slash, match(rest.dropFirst(), t) { return true }
                    if rest.isEmpty { return true }
                    var candidate = t
                    while true {
                        if match(rest, candidate) { return true }
                        guard !candidate.isEmpty else { return false }
                        candidate = candidate.dropFirst()
                    }
                }
                while rest.first == star { rest = rest.dropFirst() }
                var candidate = t
                while true {
                    if match(rest, candidate) { return true }
                    guard let next = candidate.first, next != slash else { return false }
                    candidate = candidate.dropFirst()
                }
            case question:
                guard let next = t.first, next != slash else { return false }
                p = p.dropFirst()
                t = t.dropFirst()
            case open:
                guard let end = p.dropFirst(2).firstIndex(of: close), let next = t.first else { return false }
                var set = p[(p.startIndex + 1)..<end]
                let negated = set.first == UInt8(ascii: "!") || set.first == UInt8(ascii: "^")
                if negated { set = set.dropFirst() }
                if set.contains(next) == negated || next == slash { return false }
                p = p[(end + 1)...]
                t = t.dropFirst()
            default:
                guard t.first == c else { return false }
                p = p.dropFirst()
                t = t.dropFirst()
            }
        }
        return t.isEmpty
    }
}
