import Manifests

/// The text is not YAML: one error at the position libyaml stopped, with a hint that names the
/// line most likely at fault when it is above that position.
enum SyntaxRule {
    @Sendable static func check(_ file: LintFile, _ options: RuleOptions) -> [Finding] {
        guard let error = file.stream.error else { return [] }
        let mark = error.mark ?? Mark(line: 1, column: 1)
        switch error.code {
        case .syntax:
            var message =
                "syntax error: " + (error.message.split(separator: "(").first.map { String($0).trimmed } ?? "")
            if let context = error.context, let at = error.contextMark {
                message += " (\(context) started at line \(at.line))"
            }
            return [file.finding("syntax", mark, message, hint: SyntaxHints.hint(for: error, in: file))]
        case .encoding:
            return [file.finding("syntax", mark, error.message)]
        case .limit, .value:
            return [file.finding("syntax", mark, error.message)]
        }
    }
}

/// Guesses what the author meant when libyaml stops.
enum SyntaxHints {
    static func hint(for error: YAMLError, in file: LintFile) -> String? {
        guard let mark = error.mark else { return nil }
        let line = mark.line
        let text = file.text(line: line)
        let problem = error.message

        if leadingWhitespace(text).contains("\t") {
            return "line \(line) is indented with a tab; YAML indents with spaces only"
        }
        if problem.hasPrefix("found character that cannot start any token") {
            let index = text.index(
                text.startIndex, offsetBy: min(mark.column - 1, text.count), limitedBy: text.endIndex)
            if let index, index < text.endIndex, text[index] == "@" || text[index] == "`" {
                return "a value cannot start with '\(text[index])': quote it"
            }
        }
        if let context = error.context, context.contains("quoted scalar"), let at = error.contextMark {
            return "the quote opened at line \(at.line), column \(at.column) is never closed"
        }
        if let context = error.context, context.contains("flow"), let at = error.contextMark {
            let bracket = context.contains("sequence") ? "[" : "{"
            return "the '\(bracket)' at line \(at.line), column \(at.column) is not closed where expected"
                + " (a missing ',' or closing bracket?)"
        }
        if problem.hasPrefix("did not find expected '-' indicator"), let seqStart = error.contextMark,
            file.indentation(line: line) == seqStart.column - 1
        {
            let dash = seqStart.column - 1
            return "line \(line) starts at the column of the list's '-' (line \(seqStart.line)): indent it to "
                + "\(dash + 2) spaces if it belongs to the list item above, or to fewer than \(dash) if it ends the list"
        }
        if let misaligned = IndentationScan(file, upTo: line).lastProblem {
            let place = misaligned.line == line ? "line \(line)" : "line \(misaligned.line) (above the error)"
            var hint = "\(place) is indented by \(misaligned.found) spaces"
            if let reference = misaligned.referenceLine {
                hint += "; it probably belongs at \(misaligned.expected) spaces, like line \(reference)"
            } else {
                hint += "; it probably belongs at \(misaligned.expected) spaces"
            }
            return hint
        }
        if problem.hasPrefix("mapping values are not allowed") {
            let beforeColon = text.prefix(max(mark.column - 1, 0))
            if beforeColon.contains(": ") {
                return
                    "line \(line) has a second ': ' in a plain value: quote the value, or put the key on its own line"
            }
            var n = line
            while n > 1 {
                n -= 1
                if !file.isBlankOrComment(line: n) { break }
            }
            if n < line, !file.text(line: n).contains(":"), !file.text(line: n).trimmed.hasPrefix("-") {
                return "line \(n) has no ':': a key without its colon, or text that continues onto line \(line)"
            }
        }
        if problem.hasPrefix("could not find expected ':'") {
            var n = line
            while n > 1 {
                n -= 1
                if !file.isBlankOrComment(line: n) { break }
            }
            let candidate = file.text(line: line).contains(":") ? n : line
            return "line \(candidate) looks like a key without ':' (or a value continued on a new line)"
        }
        return nil
    }

    private static func leadingWhitespace(_ s: String) -> Substring {
        s.prefix { $0 == " " || $0 == "\t" }
    }
}

/// A rough reading of the lines' indentation, independent of the parser: finds a line whose
/// indentation matches no open block (dedented into the middle of a block) or is deeper than a
/// line that opens nothing.
struct IndentationScan {
    struct Problem {
        var line: Int
        var found: Int
        var expected: Int
        var referenceLine: Int?
    }

    private(set) var lastProblem: Problem?

    init(_ file: LintFile, upTo last: Int) {
        // Open levels: indentation and the line that set it.
        var levels: [(indent: Int, line: Int)] = [(0, 0)]
        var opens = true  // the previous content line opens a nested block
        var blockScalarParent: Int?
        var previousLine = 0
        let step = IndentationScan.usualStep(file)
        var n = 0
        while n < min(last, file.lines.count) {
            n += 1
            if file.isBlankOrComment(line: n) { continue }
            let indent = file.indentation(line: n)
            if let parent = blockScalarParent {
                if indent > parent { continue }
                blockScalarParent = nil
            }
            let text = file.text(line: n)
            let content = text.dropFirst(indent)
            if indent > levels[levels.count - 1].indent {
                if !opens, previousLine > 0 {
                    let top = levels[levels.count - 1]
                    lastProblem = Problem(
                        line: n, found: indent, expected: top.indent, referenceLine: top.line == 0 ? nil : top.line)
                }
                levels.append((indent, n))
            } else if indent < levels[levels.count - 1].indent {
                var popped = levels[levels.count - 1]
                while levels.count > 1, levels[levels.count - 1].indent > indent { popped = levels.removeLast() }
                let top = levels[levels.count - 1]
                if top.indent != indent {
                    if let step, indent - top.indent == step, popped.indent - top.indent != step, popped.line > 0 {
                        // This line has the file's usual step; the deeper line above is off.
                        lastProblem = Problem(
                            line: popped.line, found: popped.indent, expected: indent, referenceLine: n)
                    } else {
                        // Between two levels: the nearer one is the likely intent, the deeper on a tie.
                        let useDeeper = popped.indent - indent <= indent - top.indent
                        let target = useDeeper ? popped : top
                        lastProblem = Problem(
                            line: n, found: indent, expected: target.indent,
                            referenceLine: target.line == 0 ? nil : target.line)
                    }
                    levels.append((indent, n))
                }
            }
            var body = content
            if body.hasPrefix("- ") || body == "-" {
                // A list item's content is one level deeper than its dash.
                var inner = indent + 2
                body = body.dropFirst(2)
                while body.hasPrefix("- ") {
                    inner += 2
                    body = body.dropFirst(2)
                }
                if !body.isEmpty, levels[levels.count - 1].indent < inner { levels.append((inner, n)) }
            }
            let stripped = IndentationScan.withoutComment(body)
            opens =
                stripped.hasSuffix(":") || stripped.isEmpty || stripped == "-" || content == "-"
                || stripped.hasSuffix("[") || stripped.hasSuffix("{")
            if IndentationScan.opensBlockScalar(stripped) {
                blockScalarParent = indent
                opens = false
            }
            if !opens, stripped.hasPrefix("- ") == false, stripped.contains(": ") == false,
                stripped.hasSuffix(":") == false, content.hasPrefix("- ") == false
            {
                // A bare scalar line (a continued plain scalar) may be followed by deeper lines.
                opens = true
            }
            previousLine = n
        }
    }

    /// The most common increase of indentation from one content line to the next.
    private static func usualStep(_ file: LintFile) -> Int? {
        var counts: [Int: Int] = [:]
        var previous: Int?
        for n in 1...max(file.lines.count, 1) where !file.isBlankOrComment(line: n) {
            let indent = file.indentation(line: n)
            if let p = previous, indent > p { counts[indent - p, default: 0] += 1 }
            previous = indent
        }
        return counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
    }

    private static func withoutComment(_ s: Substring) -> Substring {
        if let hash = s.range(of: " #") { return s[..<hash.lowerBound] }
        var t = s
        while t.last == " " { t = t.dropLast() }
        return t
    }

    private static func opensBlockScalar(_ s: Substring) -> Bool {
        var t = s
        while let c = t.last, c == "-" || c == "+" || c.isNumber { t = t.dropLast() }
        guard let c = t.last, c == "|" || c == ">" else { return false }
        let before = t.dropLast()
        return before.isEmpty || before.hasSuffix(" ") || before.hasSuffix(":")
    }
}
