internal import CYAML

/// The documents read from a stream before it ended or failed.
public struct YAMLParseResult: Sendable {
    /// Every complete document before `error` (all of them when `error` is `nil`).
    public var documents: [YAMLDocument]
    /// Why reading stopped early, if it did.
    public var error: YAMLError?
}

/// Reads a YAML stream into positioned documents.
///
/// - Parameters:
///   - text: the YAML text (any number of `---`-separated documents).
///   - path: the file name used in errors.
///   - limits: caps on size, depth and alias expansion.
/// - Throws: `YAMLError` with the position of the first problem.
///
/// ```swift
/// let docs = try parseYAML("a: 1\n---\nb: [x, y]\n", path: "app.yaml")
/// docs[1].root?["b"]?.items?[1].start  // Mark(line: 3, column: 8)
/// ```
public func parseYAML(_ text: String, path: String = "", limits: ParseLimits = .default) throws(YAMLError)
    -> [YAMLDocument]
{
    let result = parseYAMLStream(text, path: path, limits: limits)
    if let error = result.error { throw error }
    return result.documents
}

/// Reads a YAML stream from raw bytes (checked for UTF-8 and NUL bytes first).
public func parseYAML(bytes: [UInt8], path: String = "", limits: ParseLimits = .default) throws(YAMLError)
    -> [YAMLDocument]
{
    let result = parseYAMLStream(bytes: bytes, path: path, limits: limits)
    if let error = result.error { throw error }
    return result.documents
}

/// Like `parseYAML`, but keeps the documents read before an error (for lint, which reports
/// the error and still checks what came before it).
public func parseYAMLStream(_ text: String, path: String = "", limits: ParseLimits = .default)
    -> YAMLParseResult
{
    var text = text
    return text.withUTF8 { YAMLEventReader.read($0, path: path, limits: limits) }
}

/// Raw-bytes form of `parseYAMLStream(_:path:limits:)`.
public func parseYAMLStream(bytes: [UInt8], path: String = "", limits: ParseLimits = .default)
    -> YAMLParseResult
{
    bytes.withUnsafeBufferPointer { YAMLEventReader.read($0, path: path, limits: limits) }
}

/// Drives libyaml's event parser and assembles nodes with an explicit stack (no recursion, so
/// deep input cannot overflow the stack before the depth limit stops it).
struct YAMLEventReader {
    /// A collection being read. A struct mutated in place in `stack`, so appends never copy.
    private struct Frame {
        var isMapping: Bool
        var start: Mark
        var tag: String?
        var anchor: String?
        var flow: Bool
        var items: [Node] = []
        var pairs: [Node.Pair] = []
        var key: Node?
        /// Nodes in this collection so far, itself included (for the alias-expansion cap).
        var size = 1
    }

    private let path: String
    private let limits: ParseLimits
    private var stack: [Frame] = []
    private var anchors: [String: (node: Node, size: Int)] = [:]
    private var expanded = 0
    private var documents: [YAMLDocument] = []
    private var docRoot: (node: Node, size: Int)?
    private var docStart = Mark(line: 1, column: 1)
    private var docExplicitStart = false

    private init(path: String, limits: ParseLimits) {
        self.path = path
        self.limits = limits
    }

    static func read(_ buf: UnsafeBufferPointer<UInt8>, path: String, limits: ParseLimits) -> YAMLParseResult {
        if buf.count > limits.maxBytes {
            let error = YAMLError(
                code: .limit,
                message: "file is \(buf.count) bytes, more than the limit of \(limits.maxBytes) bytes",
                path: path)
            return YAMLParseResult(documents: [], error: error)
        }
        if let error = EncodingCheck.firstProblem(buf, path: path) {
            return YAMLParseResult(documents: [], error: error)
        }
        var reader = YAMLEventReader(path: path, limits: limits)
        let error = reader.run(buf)
        return YAMLParseResult(documents: reader.documents, error: error)
    }

    private mutating func run(_ buf: UnsafeBufferPointer<UInt8>) -> YAMLError? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else {
            return YAMLError(code: .limit, message: "libyaml could not allocate a parser", path: path)
        }
        defer { yaml_parser_delete(parser) }
        // libyaml wants a non-null pointer even for empty input.
        var empty: UInt8 = 0
        withUnsafeMutablePointer(to: &empty) { emptyPointer in
            let base = buf.baseAddress ?? UnsafePointer(emptyPointer)
            yaml_parser_set_input_string(parser, base, buf.count)
        }
        while true {
            guard yaml_parser_parse(parser, event) == 1 else {
                return syntaxError(parser.pointee)
            }
            defer { yaml_event_delete(event) }
            if event.pointee.type == YAML_STREAM_END_EVENT { return nil }
            if let error = handle(event.pointee) { return error }
        }
    }

    private static func mark(_ m: yaml_mark_t) -> Mark {
        Mark(line: Int(m.line) + 1, column: Int(m.column) + 1)
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
    }

    private func syntaxError(_ p: yaml_parser_t) -> YAMLError {
        let problem = p.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = p.context.map { String(cString: $0) }
        var mark = YAMLEventReader.mark(p.problem_mark)
        if p.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset, not a line: the encoding check runs first, so
            // this is a rare control character; report its offset.
            mark = Mark(line: 1, column: 1)
            return YAMLError(
                code: .encoding, message: "\(problem) at byte \(p.problem_offset)", path: path, mark: mark)
        }
        var message = problem
        if let context { message += " (\(context)" + " at line \(Int(p.context_mark.line) + 1))" }
        return YAMLError(
            code: .syntax, message: message, path: path, mark: mark, context: context,
            contextMark: context == nil ? nil : YAMLEventReader.mark(p.context_mark))
    }

    private mutating func handle(_ e: yaml_event_t) -> YAMLError? {
        let start = YAMLEventReader.mark(e.start_mark)
        switch e.type {
        case YAML_DOCUMENT_START_EVENT:
            docStart = start
            docExplicitStart = e.data.document_start.implicit == 0
            docRoot = nil
            anchors.removeAll(keepingCapacity: true)
        case YAML_DOCUMENT_END_EVENT:
            var root = docRoot?.node
            if let r = root, case .scalar("", .plain) = r.kind, r.tag == nil, r.anchor == nil { root = nil }
            documents.append(
                YAMLDocument(
                    root: root, start: docStart, end: YAMLEventReader.mark(e.end_mark),
                    explicitStart: docExplicitStart, explicitEnd: e.data.document_end.implicit == 0,
                    index: documents.count))
        case YAML_SCALAR_EVENT:
            let s = e.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            let style: ScalarStyle
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let node = Node(
                .scalar(value, style), tag: YAMLEventReader.string(s.tag),
                anchor: YAMLEventReader.string(s.anchor), start: start, end: YAMLEventReader.mark(e.end_mark))
            return add(node, size: 1)
        case YAML_ALIAS_EVENT:
            let name = YAMLEventReader.string(e.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                return YAMLError(code: .syntax, message: "unknown anchor '\(name)' in alias", path: path, mark: start)
            }
            expanded += target.size
            if expanded > limits.maxAliasExpansion {
                return YAMLError(
                    code: .limit,
                    message:
                        "aliases expand to more than \(limits.maxAliasExpansion) nodes (a \"billion laughs\" text?)",
                    path: path, mark: start)
            }
            var node = target.node
            node.anchor = nil
            node.alias = name
            node.start = start
            node.end = YAMLEventReader.mark(e.end_mark)
            return add(node, size: target.size)
        case YAML_SEQUENCE_START_EVENT:
            if stack.count >= limits.maxDepth { return depthError(start) }
            let s = e.data.sequence_start
            stack.append(
                Frame(
                    isMapping: false, start: start, tag: YAMLEventReader.string(s.tag),
                    anchor: YAMLEventReader.string(s.anchor), flow: s.style == YAML_FLOW_SEQUENCE_STYLE))
        case YAML_MAPPING_START_EVENT:
            if stack.count >= limits.maxDepth { return depthError(start) }
            let m = e.data.mapping_start
            // A block mapping after `&anchor` or `!tag` starts at its first key (for indentation).
            let block = m.style != YAML_FLOW_MAPPING_STYLE
            let contentStart = block && (m.anchor != nil || m.tag != nil) ? YAMLEventReader.mark(e.end_mark) : start
            stack.append(
                Frame(
                    isMapping: true, start: contentStart, tag: YAMLEventReader.string(m.tag),
                    anchor: YAMLEventReader.string(m.anchor), flow: m.style == YAML_FLOW_MAPPING_STYLE))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return nil }
            let end = YAMLEventReader.mark(e.end_mark)
            let kind: Node.Kind =
                frame.isMapping ? .mapping(frame.pairs, flow: frame.flow) : .sequence(frame.items, flow: frame.flow)
            let node = Node(kind, tag: frame.tag, anchor: frame.anchor, start: frame.start, end: end)
            return add(node, size: frame.size)
        default:
            break
        }
        return nil
    }

    private func depthError(_ mark: Mark) -> YAMLError {
        YAMLError(
            code: .limit, message: "collections nest deeper than \(limits.maxDepth) levels", path: path, mark: mark)
    }

    private mutating func add(_ node: consuming Node, size: Int) -> YAMLError? {
        if let anchor = node.anchor { anchors[anchor] = (node, size) }
        let top = stack.count - 1
        guard top >= 0 else {
            docRoot = (node, size)
            return nil
        }
        stack[top].size += size
        if !stack[top].isMapping {
            stack[top].items.append(node)
        } else if let key = stack[top].key.take() {
            stack[top].pairs.append(Node.Pair(key: key, value: node))
        } else {
            stack[top].key = node
        }
        return nil
    }
}
