/// Shell-style globs on `/`-separated paths: `*` and `?` stay within a path component, `**`
/// spans components, `[abc]` matches one of a set. A pattern without `/` matches the last
/// component at any depth; a trailing `/` matches everything under a directory.
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        var p = Array(pattern.utf8)
        if p.first == UInt8(ascii: "/") { p.removeFirst() }
        let target = Array(path.utf8)
        if p.last == UInt8(ascii: "/") { p += Array("**".utf8) }
        if !p.contains(UInt8(ascii: "/")) {
            let name = target.lastIndex(of: UInt8(ascii: "/")).map { Array(target[($0 + 1)...]) } ?? target
            if match(p[...], name[...]) { return true }
            // A bare directory name also matches everything under it (`charts` → charts/**).
            let components = target.split(separator: UInt8(ascii: "/"))
            return components.dropLast().contains { match(p[...], $0) }
        }
        return match(p[...], target[...])
    }

    private static func match(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        var p = p
        var s = s
        while let c = p.first {
            switch c {
            case UInt8(ascii: "*"):
                let doubleStar = p.dropFirst().first == UInt8(ascii: "*")
                p = p.dropFirst(doubleStar ? 2 : 1)
                if doubleStar, p.first == UInt8(ascii: "/") {
                    // `**/x` also matches `x` at this level.
                    if match(p.dropFirst(), s) { return true }
                }
                if p.isEmpty { return doubleStar || !s.contains(UInt8(ascii: "/")) }
                var rest = s
                while true {
                    if match(p, rest) { return true }
                    guard let next = rest.first, doubleStar || next != UInt8(ascii: "/") else { return false }
                    rest = rest.dropFirst()
                }
            case UInt8(ascii: "?"):
                guard let next = s.first, next != UInt8(ascii: "/") else { return false }
                p = p.dropFirst()
                s = s.dropFirst()
            case UInt8(ascii: "["):
                guard let close = p.dropFirst().firstIndex(of: UInt8(ascii: "]")), let next = s.first else {
                    return false
                }
                var set = p[(p.startIndex + 1)..<close]
                let negate = set.first == UInt8(ascii: "!") || set.first == UInt8(ascii: "^")
                if negate { set = set.dropFirst() }
                var found = false
                var i = set.startIndex
                while i < set.endIndex {
                    if i + 2 < set.endIndex, set[i + 1] == UInt8(ascii: "-") {
                        if set[i] <= next && next <= set[i + 2] { found = true }
                        i += 3
                    } else {
                        if set[i] == next { found = true }
                        i += 1
                    }
                }
                guard found != negate else { return false }
                p = p[(close + 1)...]
                s = s.dropFirst()
            default:
                guard s.first == c else { return false }
                p = p.dropFirst()
                s = s.dropFirst()
            }
        }
        return s.isEmpty
    }
}

/// Path arithmetic on `/`-separated strings (no file system access).
enum LintPath {
    /// `a/b/c.yaml` → `a/b`; `c.yaml` → "".
    static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` relative to `directory` (unchanged when it is not under it).
    static func relative(_ path: String, to directory: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        var d = Substring(directory)
        while d.hasPrefix("./") { d = d.dropFirst(2) }
        if d.isEmpty || d == "." { return String(p) }
        if p.hasPrefix(d), p.dropFirst(d.count).first == "/" { return String(p.dropFirst(d.count + 1)) }
        return String(p)
    }

    /// `a/b/c.yaml` → ["a/b", "a", ""], nearest first.
    static func ancestors(of path: String) -> [String] {
        var out: [String] = []
        var dir = directory(of: path)
        while true {
            out.append(dir)
            if dir.isEmpty || dir == "/" { break }
            dir = directory(of: dir)
        }
        return out
    }

    /// Substring test on UTF-8 bytes (Foundation's `contains` is slow for hot paths).
    static func contains(_ path: String, _ part: String) -> Bool {
        let p = Array(path.utf8)
        let q = Array(part.utf8)
        guard !q.isEmpty, p.count >= q.count else { return q.isEmpty }
        for i in 0...(p.count - q.count) where p[i] == q[0] && p[i..<(i + q.count)].elementsEqual(q) {
            return true
        }
        return false
    }

    static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
