/// Block-style YAML output for `Value`: what diffs and release records show to people.
///
/// Keys keep their stored order, nesting is indented by two spaces (sequences too), and a
/// string is quoted exactly when a YAML 1.1 or 1.2 reader would otherwise see something else
/// (`"yes"`, `"on"`, `"1.0"`, `"null"`, `""`, `"a: b"`, `"#x"` …). Multi-line strings become
/// literal blocks (`|`, `|-`, `|+`).
extension Value {
    /// The value as a YAML document (ending in a newline), e.g.
    /// `Value(["a": "yes"]).yamlString == "a: \"yes\"\n"`.
    public var yamlString: String {
        var out = ""
        writeYAML(to: &out)
        return out
    }

    /// Appends the YAML rendering of this value to `out`.
    public func writeYAML(to out: inout String) {
        switch self {
        case .object(let o) where !o.isEmpty:
            YAMLEmitter.writeMapping(o, indent: 0, to: &out)
        case .array(let a) where !a.isEmpty:
            YAMLEmitter.writeSequence(a, indent: 0, to: &out)
        default:
            YAMLEmitter.writeInline(self, indent: 0, to: &out)
            out.append("\n")
        }
    }
}

private enum YAMLEmitter {
    static func spaces(_ n: Int) -> String { String(repeating: " ", count: n) }

    /// Writes `key: value` lines at `indent`, each ending in a newline.
    static func writeMapping(_ object: ObjectValue, indent: Int, to out: inout String) {
        for (key, value) in object {
            out.append(spaces(indent))
            writeEntry(key: key, value: value, indent: indent, to: &out)
        }
    }

    /// Writes one `key: value` entry whose first line's indentation is already written.
    static func writeEntry(key: String, value: Value, indent: Int, to out: inout String) {
        out.append(scalar(key))
        out.append(":")
        switch value {
        case .object(let o) where !o.isEmpty:
            out.append("\n")
            writeMapping(o, indent: indent + 2, to: &out)
        case .array(let a) where !a.isEmpty:
            out.append("\n")
            writeSequence(a, indent: indent + 2, to: &out)
        default:
            out.append(" ")
            writeInline(value, indent: indent + 2, to: &out)
            out.append("\n")
        }
    }

    /// Writes `- item` lines at `indent`.
    static func writeSequence(_ items: [Value], indent: Int, to out: inout String) {
        for item in items {
            out.append(spaces(indent))
            out.append("-")
            switch item {
            case .object(let o) where !o.isEmpty:
                // The first key shares the dash's line; the others align with it.
                var first = true
                for (key, value) in o {
                    out.append(first ? " " : spaces(indent + 2))
                    first = false
                    writeEntry(key: key, value: value, indent: indent + 2, to: &out)
                }
            case .array(let a) where !a.isEmpty:
                out.append("\n")
                writeSequence(a, indent: indent + 2, to: &out)
            default:
                out.append(" ")
                writeInline(item, indent: indent + 2, to: &out)
                out.append("\n")
            }
        }
    }

    /// Writes a scalar or an empty collection, without the final newline. `indent` is the
    /// indentation of a literal block's content.
    static func writeInline(_ value: Value, indent: Int, to out: inout String) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.append(String(i))
        case .double(let d): out.append(number(d))
        case .string(let s):
            if let block = literalBlock(s, indent: indent) {
                out.append(block)
            } else {
                out.append(scalar(s))
            }
        case .array: out.append("[]")
        case .object: out.append("{}")
        }
    }

    static func number(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        return String(d)
    }

    // MARK: Literal blocks

    /// `|`-style rendering of a multi-line string, or `nil` when it must be double-quoted
    /// (no line break, control characters, or nothing but line breaks).
    static func literalBlock(_ s: String, indent: Int) -> String? {
        guard s.contains("\n"), !s.unicodeScalars.contains(where: { needsEscape($0) && $0 != "\n" }) else {
            return nil
        }
        var body = Substring(s)
        var trailing = 0
        while body.last == "\n" {
            body.removeLast()
            trailing += 1
        }
        guard !body.isEmpty else { return nil }
        let chomp: String
        switch trailing {
        case 0: chomp = "-"
        case 1: chomp = ""
        default: chomp = "+"
        }
        // A first line starting with a space would be read as more indentation.
        let indicator = body.first == " " ? "2" : ""
        var out = "|\(indicator)\(chomp)"
        let pad = spaces(indent)
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            out.append("\n")
            if !line.isEmpty { out.append(pad) }
            out.append(contentsOf: line)
        }
        // Kept trailing breaks beyond the first are empty lines of the block.
        for _ in 0..<max(0, trailing - 1) { out.append("\n") }
        return out
    }

    // MARK: Plain or quoted scalars

    /// `s` as a plain scalar when that reads back as the same string, else double-quoted.
    static func scalar(_ s: String) -> String {
        needsQuotes(s) ? doubleQuoted(s) : s
    }

    static func needsEscape(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x20 || c.value == 0x7F || (c.value >= 0x80 && c.value < 0xA0) || c == "\u{FEFF}"
            || c == "\u{2028}" || c == "\u{2029}"
    }

    /// Words that some YAML version reads as null or a boolean, compared in lower case.
    static let reservedWords: Set<String> = [
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "<<", "=",
        ".inf", "-.inf", "+.inf", ".nan",
    ]

    static func needsQuotes(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return true }
        if reservedWords.contains(s.lowercased()) { return true }
        if s.unicodeScalars.contains(where: needsEscape) { return true }
        if first == " " || last == " " || last == ":" { return true }
        if s.contains(": ") || s.contains(" #") { return true }
        if looksNumeric(s) { return true }
        let scalars = Array(s.unicodeScalars)
        switch first {
        case ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`":
            return true
        case "-", "?", ":":
            // Indicators only when followed by a space (or alone); `-foo` is plain.
            return scalars.count == 1 || scalars[1] == " " || s.hasPrefix("---")
        default:
            return false
        }
    }

    /// Numbers and timestamps of YAML 1.1 or 1.2 (ints in any base, floats, sexagesimal,
    /// dates): a string built only from their characters and starting like a number.
    static func looksNumeric(_ s: String) -> Bool {
        var scalars = Substring(s).unicodeScalars[...]
        if let f = scalars.first, f == "+" || f == "-" { scalars = scalars.dropFirst() }
        guard let first = scalars.first, first == "." || ("0"..."9").contains(first) else { return false }
        let text = String(String.UnicodeScalarView(scalars)).lowercased()
        if text.hasPrefix("0x") { return text.dropFirst(2).allSatisfy { $0.isHexDigit || $0 == "_" } }
        if text.hasPrefix("0o") || text.hasPrefix("0b") {
            return text.dropFirst(2).allSatisfy { $0.isNumber || $0 == "_" }
        }
        let allowed = Set("0123456789_.:+-etz ")
        return text.allSatisfy { allowed.contains($0) }
    }

    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\t": out.append("\\t")
            case "\r": out.append("\\r")
            default:
                if needsEscape(c) {
                    let hex = String(c.value, radix: 16, uppercase: true)
                    if c.value <= 0xFF {
                        out.append("\\x" + String(repeating: "0", count: 2 - hex.count) + hex)
                    } else {
                        out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                    }
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out.append("\"")
        return out
    }
}
