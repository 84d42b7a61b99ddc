import Manifests

/// Rules that look only at the text, line by line.
enum LineRules {
    @Sendable static func tabs(_ file: LintFile, _ options: RuleOptions) -> [Finding] {
        var out: [Finding] = []
        for (i, line) in file.lines.enumerated() {
            var j = line.start
            while j < line.end, file.bytes[j] == 0x20 || file.bytes[j] == 0x09 {
                if file.bytes[j] == 0x09 {
                    out.append(
                        file.finding(
                            "tabs", Mark(line: i + 1, column: j - line.start + 1),
                            "tab character in indentation",
                            hint: "YAML indents with spaces only; replace the tab with spaces"))
                    break
                }
                j += 1
            }
        }
        return out
    }

    @Sendable static func trailingSpaces(_ file: LintFile, _ options: RuleOptions) -> [Finding] {
        var out: [Finding] = []
        for (i, line) in file.lines.enumerated() where line.end > line.start {
            let last = file.bytes[line.end - 1]
            guard last == 0x20 || last == 0x09 else { continue }
            var j = line.end
            while j > line.start, file.bytes[j - 1] == 0x20 || file.bytes[j - 1] == 0x09 { j -= 1 }
            let column = file.column(line: i + 1, byteOffset: j)
            out.append(file.finding("trailing-spaces", Mark(line: i + 1, column: column), "trailing spaces"))
        }
        return out
    }

    @Sendable static func newLineAtEndOfFile(_ file: LintFile, _ options: RuleOptions) -> [Finding] {
        guard let last = file.lines.last, !last.terminated else { return [] }
        let n = file.lines.count
        return [
            file.finding(
                "new-line-at-end-of-file", Mark(line: n, column: file.length(line: n) + 1),
                "no new line character at the end of file")
        ]
    }

    @Sendable static func lineLength(_ file: LintFile, _ options: RuleOptions) -> [Finding] {
        let max = options.int("max", default: 80)
        let allowWords = options.bool("allow-non-breakable-words", default: true)
        var out: [Finding] = []
        for (i, line) in file.lines.enumerated() where line.end - line.start > max {
            let length = file.length(line: i + 1)
            guard length > max else { continue }
            if allowWords, isNonBreakable(file.bytes, line) { continue }
            out.append(
                file.finding(
                    "line-length", Mark(line: i + 1, column: max + 1), "line too long (\(length) > \(max) characters)"))
        }
        return out
    }

    /// A line whose content is one word (optionally after `#` or `- `), such as a long URL.
    private static func isNonBreakable(_ bytes: [UInt8], _ line: LintFile.Line) -> Bool {
        var i = line.start
        while i < line.end, bytes[i] == 0x20 { i += 1 }
        if i < line.end, bytes[i] == UInt8(ascii: "#") {
            i += 1
            while i < line.end, bytes[i] == 0x20 { i += 1 }
        }
        if i + 1 < line.end, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] == 0x20 { i += 2 }
        return !bytes[i..<line.end].contains(0x20)
    }
}
