import Manifests

/// How findings are printed.
public enum FindingFormat: String, Sendable, CaseIterable {
    /// `path:line:col: level: message [rule]`, with the hint on an indented line.
    case text
    /// A JSON array of `{file, line, column, level, rule, message, hint}`.
    case json
    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=rule::message`.
    case github

    /// The findings in this format, one finding per line (or one JSON array), ending with a
    /// newline when not empty.
    public func render(_ findings: [Finding]) -> String {
        switch self {
        case .text:
            var out = ""
            for f in findings { out += f.description + "\n" }
            return out
        case .json:
            let array = Value.array(
                findings.map { f in
                    var o = ObjectValue()
                    o.appendUnchecked("file", .string(f.file))
                    o.appendUnchecked("line", .int(f.line))
                    o.appendUnchecked("column", .int(f.column))
                    o.appendUnchecked("level", .string(f.level.rawValue))
                    o.appendUnchecked("rule", .string(f.rule))
                    o.appendUnchecked("message", .string(f.message))
                    o.appendUnchecked("hint", f.hint.map { .string($0) } ?? .null)
                    return .object(o)
                })
            return array.jsonString + "\n"
        case .github:
            var out = ""
            for f in findings {
                let command: String
                switch f.level {
                case .error: command = "error"
                case .warning: command = "warning"
                case .info: command = "notice"
                }
                var message = f.message
                if let hint = f.hint { message += "\n" + hint }
                out += "::\(command) file=\(escapeProperty(f.file)),line=\(f.line),col=\(f.column),"
                out += "title=\(escapeProperty(f.rule))::\(escapeData(message))\n"
            }
            return out
        }
    }

    private func escapeData(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.append(c)
            }
        }
        return out
    }

    private func escapeProperty(_ s: String) -> String {
        var out = ""
        for c in escapeData(s) {
            switch c {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.append(c)
            }
        }
        return out
    }
}
