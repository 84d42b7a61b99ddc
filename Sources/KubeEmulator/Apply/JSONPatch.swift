import Manifests

/// RFC 6902 JSON Patch: `add`, `remove`, `replace`, `move`, `copy` and `test` operations applied
/// in order, paths as RFC 6901 JSON Pointers (`~1` for `/`, `~0` for `~`, `-` past the end of
/// an array).
///
/// - Throws: `PatchError` naming the operation and path that failed (messages as the real
///   server's json-patch library words them).
func jsonPatch(_ target: Value, _ operations: Value) throws(PatchError) -> Value {
    guard let ops = operations.arrayValue else {
        throw PatchError(message: "json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    }
    var doc = target
    for op in ops {
        guard let name = op["op"]?.stringValue else {
            throw PatchError(message: "Unexpected kind: \(op["op"].map(\.jsonString) ?? "missing op")")
        }
        func pointer(_ field: String) throws(PatchError) -> [String] {
            guard let text = op[field]?.stringValue else {
                throw PatchError(message: "\(name) operation: missing \(field)")
            }
            return try JSONPointer.parse(text)
        }
        let path = try pointer("path")
        let pathText = op["path"]?.stringValue ?? ""
        switch name {
        case "add":
            guard let value = op["value"] else { throw PatchError(message: "add operation: missing value") }
            try JSONPointer.add(value, at: path, in: &doc, text: pathText)
        case "remove":
            _ = try JSONPointer.remove(at: path, in: &doc, text: pathText, op: "remove")
        case "replace":
            guard let value = op["value"] else { throw PatchError(message: "replace operation: missing value") }
            _ = try JSONPointer.remove(at: path, in: &doc, text: pathText, op: "replace")
            try JSONPointer.add(value, at: path, in: &doc, text: pathText)
        case "move":
            let from = try pointer("from")
            if path.count > from.count, Array(path.prefix(from.count)) == from {
                throw PatchError(message: "move operation: cannot move \(op["from"]!.jsonString) into its own child")
            }
            let value = try JSONPointer.remove(at: from, in: &doc, text: op["from"]?.stringValue ?? "", op: "move")
            try JSONPointer.add(value, at: path, in: &doc, text: pathText)
        case "copy":
            let from = try pointer("from")
            guard let value = JSONPointer.get(from, in: doc) else {
                throw PatchError(
                    message: "copy operation does not apply: doc is missing from path: \(op["from"]!.jsonString)")
            }
            try JSONPointer.add(value, at: path, in: &doc, text: pathText)
        case "test":
            let expected = op["value"] ?? .null
            guard let actual = JSONPointer.get(path, in: doc), actual == expected else {
                throw PatchError(message: "testing value \(pathText) failed: test failed")
            }
        default:
            throw PatchError(message: "Unexpected kind: \(name)")
        }
    }
    return doc
}

/// RFC 6901 JSON Pointers over `Value`.
enum JSONPointer {
    static func parse(_ text: String) throws(PatchError) -> [String] {
        if text.isEmpty { return [] }
        guard text.hasPrefix("/") else {
            throw PatchError(message: "JSON pointer must be empty or start with a \"/\": \(text)")
        }
        return text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).replacing("~1", with: "/").replacing("~0", with: "~")
        }
    }

    static func get(_ path: [String], in doc: Value) -> Value? {
        var current = doc
        for token in path {
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = index(token, count: a.count), i < a.count else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }

    private static func index(_ token: String, count: Int) -> Int? {
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber),
            token == "0" || !token.hasPrefix("0"), let i = Int(token)
        else { return nil }
        return i
    }

    static func add(_ value: Value, at path: [String], in doc: inout Value, text: String) throws(PatchError) {
        guard let last = path.last else {
            doc = value
            return
        }
        try modifyParent(of: path, in: &doc, text: text, op: "add") { (parent: inout Value) throws(PatchError) in
            switch parent {
            case .object(var o):
                o[last] = value
                parent = .object(o)
            case .array(var a):
                if last == "-" {
                    a.append(value)
                } else {
                    guard let i = index(last, count: a.count), i <= a.count else {
                        throw PatchError(message: "add operation does not apply: index out of bounds: \(text)")
                    }
                    a.insert(value, at: i)
                }
                parent = .array(a)
            default:
                throw PatchError(
                    message: "add operation does not apply: doc is missing path: \"\(text)\": missing value")
            }
        }
    }

    static func remove(at path: [String], in doc: inout Value, text: String, op: String) throws(PatchError) -> Value {
        guard let last = path.last else {
            let old = doc
            doc = .null
            return old
        }
        var removed: Value = .null
        try modifyParent(of: path, in: &doc, text: text, op: op) { (parent: inout Value) throws(PatchError) in
            switch parent {
            case .object(var o):
                guard let v = o[last] else {
                    throw PatchError(message: missing(op, text, last))
                }
                removed = v
                o[last] = nil
                parent = .object(o)
            case .array(var a):
                guard let i = index(last, count: a.count), i < a.count else {
                    throw PatchError(message: missing(op, text, last))
                }
                removed = a.remove(at: i)
                parent = .array(a)
            default:
                throw PatchError(message: missing(op, text, last))
            }
        }
        return removed
    }

    private static func missing(_ op: String, _ text: String, _ key: String) -> String {
        switch op {
        case "remove":
            return "error in remove for path: '\(text)': Unable to remove nonexistent key: \(key): missing value"
        case "replace": return "replace operation does not apply: doc is missing key: \(text): missing value"
        default: return "\(op) operation does not apply: doc is missing from path: \(text): missing value"
        }
    }

    private static func modifyParent(
        of path: [String], in doc: inout Value, text: String, op: String,
        _ body: (inout Value) throws(PatchError) -> Void
    ) throws(PatchError) {
        func walk(_ value: inout Value, _ rest: ArraySlice<String>) throws(PatchError) {
            guard let token = rest.first else {
                try body(&value)
                return
            }
            switch value {
            case .object(var o):
                guard var child = o[token] else {
                    throw PatchError(
                        message: "\(op) operation does not apply: doc is missing path: \"\(text)\": missing value")
                }
                try walk(&child, rest.dropFirst())
                o[token] = child
                value = .object(o)
            case .array(var a):
                guard let i = index(token, count: a.count), i < a.count else {
                    throw PatchError(
                        message: "\(op) operation does not apply: doc is missing path: \"\(text)\": missing value")
                }
                try walk(&a[i], rest.dropFirst())
                value = .array(a)
            default:
                throw PatchError(
                    message: "\(op) operation does not apply: doc is missing path: \"\(text)\": missing value")
            }
        }
        try walk(&doc, path.dropLast()[...])
    }
}
