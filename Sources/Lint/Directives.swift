/// Inline switches in comments:
/// - `# gitops-lint disable-line [rule…]` — on a line with content, for that line; alone on
///   its line, for the next line;
/// - `# gitops-lint disable [rule…]` … `# gitops-lint enable [rule…]` — for a range of lines;
/// - `# gitops-lint disable-file` — for the whole file.
/// No rule names means every rule. yamllint's `# yamllint disable-line rule:truthy` spelling is
/// understood too.
struct Directives {
    /// Per line (1-based), the rules disabled there; `"*"` means all.
    private var disabled: [Int: Set<String>] = [:]
    private var fileDisabled = false

    /// No directives.
    init() {}

    init(_ file: LintFile) {
        var open: [String: Int] = [:]  // rule → line where `disable` started
        var ranges: [(rule: String, from: Int, to: Int)] = []
        let marker1 = Array("gitops-lint".utf8)
        let marker2 = Array("yamllint".utf8)
        // Most files have no directive at all: skip the per-line scan for them.
        guard Directives.mentionsLint(file.bytes) else { return }
        for (index, line) in file.lines.enumerated() {
            let n = index + 1
            guard let hash = Directives.commentStart(file.bytes, line) else { continue }
            var i = hash + 1
            while i < line.end, file.bytes[i] == 0x20 { i += 1 }
            let rest = file.bytes[i..<line.end]
            let marker: [UInt8]
            if rest.starts(with: marker1) {
                marker = marker1
            } else if rest.starts(with: marker2) {
                marker = marker2
            } else {
                continue
            }
            let words = String(decoding: rest.dropFirst(marker.count), as: UTF8.self)
                .split(separator: " ").map(String.init)
            guard let verb = words.first else { continue }
            var rules = words.dropFirst().map { $0.hasPrefix("rule:") ? String($0.dropFirst(5)) : $0 }
            if rules.isEmpty { rules = ["*"] }
            switch verb {
            case "disable-line":
                let onlyComment = file.isBlankOrComment(line: n)
                disabled[onlyComment ? n + 1 : n, default: []].formUnion(rules)
            case "disable":
                for r in rules where open[r] == nil { open[r] = n }
            case "enable":
                let names = rules == ["*"] ? Array(open.keys) : rules
                for r in names {
                    if let from = open.removeValue(forKey: r) { ranges.append((r, from, n)) }
                }
            case "disable-file":
                fileDisabled = true
            default:
                continue
            }
        }
        for (r, from) in open { ranges.append((r, from, file.lines.count + 1)) }
        for range in ranges {
            for n in range.from...range.to { disabled[n, default: []].insert(range.rule) }
        }
    }

    /// Whether the text contains `lint` (as every directive does).
    private static func mentionsLint(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buf in
            guard buf.count >= 4 else { return false }
            for i in 0...(buf.count - 4)
            where buf[i] == UInt8(ascii: "l") && buf[i + 1] == UInt8(ascii: "i") && buf[i + 2] == UInt8(ascii: "n")
                && buf[i + 3] == UInt8(ascii: "t")
            {
                return true
            }
            return false
        }
    }

    /// Whether `rule` is switched off at `line`.
    func isDisabled(_ rule: String, line: Int) -> Bool {
        if fileDisabled { return true }
        guard let rules = disabled[line] else { return false }
        return rules.contains(rule) || rules.contains("*")
    }

    /// Byte offset of a `#` that starts a comment on `line`, ignoring `#` inside quotes.
    static func commentStart(_ bytes: [UInt8], _ line: LintFile.Line) -> Int? {
        var quote: UInt8 = 0
        var previous: UInt8 = 0x20
        var i = line.start
        while i < line.end {
            let b = bytes[i]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "#"), previous == 0x20 || previous == 0x09 {
                return i
            } else if b == UInt8(ascii: "'") || b == UInt8(ascii: "\""),
                previous == 0x20 || previous == UInt8(ascii: ":") || previous == UInt8(ascii: "[")
                    || previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",")
                    || previous == UInt8(ascii: "-") || i == line.start
            {
                quote = b
            }
            previous = b
            i += 1
        }
        return nil
    }
}
