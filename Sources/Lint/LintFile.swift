import Manifests

/// One file as the rules see it: its bytes, its lines, and its parsed documents. A class, so
/// that rules and closures share it instead of copying it.
final class LintFile {
    /// One line: byte offsets of its start and of its end (before `\n` and any `\r`).
    struct Line {
        var start: Int
        var end: Int
        /// The line ends with `\n` (the last line may not).
        var terminated: Bool
    }

    let path: String
    let bytes: [UInt8]
    let lines: [Line]
    let stream: YAMLParseResult

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        self.lines = LintFile.splitLines(bytes)
        self.stream = parseYAMLStream(bytes: bytes, path: path)
    }

    private static func splitLines(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        lines.reserveCapacity(bytes.count / 24 + 1)
        bytes.withUnsafeBufferPointer { buf in
            var start = 0
            for i in 0..<buf.count where buf[i] == 0x0A {
                let end = i > start && buf[i - 1] == 0x0D ? i - 1 : i
                lines.append(Line(start: start, end: end, terminated: true))
                start = i + 1
            }
            if start < buf.count { lines.append(Line(start: start, end: buf.count, terminated: false)) }
        }
        return lines
    }

    /// The text of line `n` (1-based).
    func text(line n: Int) -> String {
        guard n >= 1, n <= lines.count else { return "" }
        let l = lines[n - 1]
        return String(decoding: bytes[l.start..<l.end], as: UTF8.self)
    }

    /// Leading spaces of line `n`.
    func indentation(line n: Int) -> Int {
        guard n >= 1, n <= lines.count else { return 0 }
        let l = lines[n - 1]
        var i = l.start
        while i < l.end, bytes[i] == 0x20 { i += 1 }
        return i - l.start
    }

    /// `true` for a line with only spaces or a comment.
    func isBlankOrComment(line n: Int) -> Bool {
        guard n >= 1, n <= lines.count else { return true }
        let l = lines[n - 1]
        var i = l.start
        while i < l.end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return i == l.end || bytes[i] == UInt8(ascii: "#")
    }

    /// 1-based character column of byte `offset` on line `n`.
    func column(line n: Int, byteOffset offset: Int) -> Int {
        let l = lines[n - 1]
        var column = 1
        var i = l.start
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // Continuation bytes of the character at `offset` itself are not counted.
        return column
    }

    /// Character length of line `n`.
    func length(line n: Int) -> Int {
        let l = lines[n - 1]
        var count = 0
        for i in l.start..<l.end where bytes[i] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    var documents: [YAMLDocument] { stream.documents }
}
