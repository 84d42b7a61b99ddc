import Manifests

/// Consistent indentation, checked on the node tree the way yamllint checks tokens: a block
/// collection or scalar that starts a line must sit `spaces` deeper than the key (or `-`) it
/// belongs to; sequences under a key are indented or not (`indent-sequences`). Only the first
/// line of a misindented block is reported. Not checked (deliberate differences from yamllint):
/// the inside of flow collections (`[`…`]` over several lines), explicit `?` keys, and content
/// below a `- !tag` or `- &anchor` item.
///
/// Options: `spaces` (a number or `consistent`, default: the first indentation in the file),
/// `indent-sequences` (`true`, `false`, `whatever`, `consistent`; default `consistent`).
enum IndentationRule {
    private enum SequenceMode {
        case indented
        case notIndented
        case whatever
        case consistent
    }

    private struct State {
        var spaces: Int?
        var sequences: SequenceMode
        var out: [Finding] = []

        mutating func detect(_ base: Int, _ found: Int) -> Int {
            if spaces == nil { spaces = found - base }
            return base + (spaces ?? 2)
        }
    }

    @Sendable static func check(_ file: LintFile, _ options: RuleOptions) -> [Finding] {
        let mode: SequenceMode
        switch options.string("indent-sequences") {
        case "true": mode = .indented
        case "false": mode = .notIndented
        case "whatever": mode = .whatever
        default: mode = .consistent
        }
        var state = State(spaces: options.values["spaces"]?.intValue, sequences: mode)
        for doc in file.documents {
            guard let root = doc.root else { continue }
            if startsLine(root, file) { expect(root, 0, file, &state) }
            visit(root, file, &state)
        }
        return state.out
    }

    /// The node is the first thing on its line.
    private static func startsLine(_ node: Node, _ file: LintFile) -> Bool {
        file.indentation(line: node.start.line) == node.start.column - 1
    }

    private static func expect(_ node: Node, _ expected: Int, _ file: LintFile, _ state: inout State) {
        let found = node.start.column - 1
        guard found != expected else { return }
        let message =
            expected < 0
            ? "wrong indentation: expected at least \(found + 1)"
            : "wrong indentation: expected \(expected) but found \(found)"
        state.out.append(
            file.finding(
                "indentation", node.start, message,
                hint: expected < 0 ? nil : "indent this line by \(expected) spaces"))
    }

    private static func visit(_ node: Node, _ file: LintFile, _ state: inout State) {
        guard node.alias == nil, !node.isFlow else { return }
        switch node.kind {
        case .scalar:
            return
        case .mapping(let pairs, _):
            for pair in pairs {
                let value = pair.value
                if value.alias == nil, value.start.line > pair.key.end.line, startsLine(value, file),
                    !isEmptyScalar(value), !isExplicitKey(pair.key, file)
                {
                    let base = pair.key.start.column - 1
                    let found = value.start.column - 1
                    if case .sequence(_, false) = value.kind {
                        expectSequence(value, base: base, found: found, file, &state)
                    } else {
                        expect(value, state.detect(base, found), file, &state)
                    }
                }
                visit(value, file, &state)
            }
        case .sequence(let items, _):
            let dash = node.start.column - 1
            for item in items {
                // `- !tag` / `- &anchor` then content below: yamllint aligns it with the tag; not checked.
                if item.alias == nil, item.tag == nil, item.anchor == nil, !isEmptyScalar(item),
                    !dashPrecedes(item, column: dash, file),
                    startsLine(item, file), item.start.column - 1 != dash
                {
                    expect(item, state.detect(dash, item.start.column - 1), file, &state)
                }
                visit(item, file, &state)
            }
        }
    }

    private static func expectSequence(_ seq: Node, base: Int, found: Int, _ file: LintFile, _ state: inout State) {
        switch state.sequences {
        case .notIndented:
            expect(seq, base, file, &state)
        case .indented:
            if state.spaces == nil, found == base {
                expect(seq, -1, file, &state)
            } else {
                expect(seq, state.detect(base, found), file, &state)
            }
        case .whatever, .consistent:
            if found == base {
                if state.sequences == .consistent { state.sequences = .notIndented }
            } else {
                if state.sequences == .consistent { state.sequences = .indented }
                expect(seq, state.detect(base, found), file, &state)
            }
        }
    }

    /// The item sits on the same line as its `-` (`- a: 1`).
    private static func dashPrecedes(_ item: Node, column dash: Int, _ file: LintFile) -> Bool {
        let line = file.lines[item.start.line - 1]
        let offset = line.start + dash
        return offset < line.end && file.bytes[offset] == UInt8(ascii: "-") && item.start.column - 1 > dash
    }

    /// A `? key` written with the explicit-key indicator.
    private static func isExplicitKey(_ key: Node, _ file: LintFile) -> Bool {
        let line = file.lines[key.start.line - 1]
        let offset = line.start + file.indentation(line: key.start.line)
        return offset < line.end && file.bytes[offset] == UInt8(ascii: "?")
    }

    private static func isEmptyScalar(_ node: Node) -> Bool {
        if case .scalar("", .plain) = node.kind, node.tag == nil { return true }
        return false
    }
}
