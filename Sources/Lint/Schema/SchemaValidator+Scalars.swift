import Manifests

extension SchemaValidator {
    /// What a scalar reads as, the way Kubernetes' YAML decoder reads it.
    static func scalarValue(_ node: Node) -> Value {
        (try? node.toValue()) ?? .string(node.scalar ?? "")
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return "the boolean \(b)"
        case .int(let i): return "the integer \(i)"
        case .double(let d): return "the number \(d)"
        case .string(let s): return "the string \"\(s)\""
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    static func expectedName(_ schema: SchemaNode) -> String {
        switch schema.kind {
        case .string: return "a string"
        case .integer: return "an integer"
        case .number: return "a number"
        case .boolean: return "a boolean"
        case .intOrString: return "an integer or a string"
        case .quantity: return "a quantity (a string like \"500m\" or \"1Gi\", or a number)"
        case .object: return "an object"
        case .array: return "a list"
        case .any: return "a value"
        }
    }

    mutating func typeMismatch(_ node: Node, expected: String, hint: String? = nil) {
        let found: String
        switch node.kind {
        case .scalar: found = Self.describe(Self.scalarValue(node))
        case .sequence: found = "a list"
        case .mapping: found = "an object"
        }
        report(node.start, "\(pathText): expected \(expected), got \(found)", hint: hint)
    }

    mutating func validateScalar(_ node: Node, _ schema: SchemaNode) {
        guard let text = node.scalar else { return typeMismatch(node, expected: Self.expectedName(schema)) }
        let value = Self.scalarValue(node)
        let quote = "quote it: \"\(text)\""
        switch (schema.kind, value) {
        case (.string, .string(let s)):
            checkEnum(node, s, schema)
            checkFormat(node, s, schema)
        case (.string, .bool):
            typeMismatch(node, expected: "a string", hint: "YAML reads unquoted \(text) as a boolean; \(quote)")
        case (.string, .int), (.string, .double):
            typeMismatch(node, expected: "a string", hint: quote)
        case (.integer, .int(let i)):
            checkRange(node, i, schema)
        case (.integer, .double(let d)) where d.rounded() == d:
            return
        case (.integer, .string(let s)) where Int(s) != nil:
            typeMismatch(node, expected: "an integer", hint: "remove the quotes: \(s)")
        case (.number, .int), (.number, .double), (.boolean, .bool), (.intOrString, .int), (.intOrString, .string):
            return
        case (.boolean, .string(let s)) where ScalarResolver.boolean(s) != nil:
            typeMismatch(node, expected: "a boolean", hint: "remove the quotes: \(s)")
        case (.quantity, .int), (.quantity, .double):
            return
        case (.quantity, .string(let s)):
            if !Quantity.isValid(s) {
                report(
                    node.start, "\(pathText): \"\(s)\" is not a valid quantity",
                    hint: Quantity.suggestion(for: s))
            }
        default:
            typeMismatch(node, expected: Self.expectedName(schema))
        }
    }

    private mutating func checkEnum(_ node: Node, _ s: String, _ schema: SchemaNode) {
        guard !schema.enumValues.isEmpty, !schema.enumValues.contains(s) else { return }
        let allowed = schema.enumValues.map { "\"\($0)\"" }.joined(separator: ", ")
        let close = EditDistance.closest(to: s, in: schema.enumValues)
        report(
            node.start, "\(pathText): unsupported value \"\(s)\"; allowed: \(allowed)",
            hint: close.map { "did you mean \"\($0)\"?" })
    }

    private mutating func checkFormat(_ node: Node, _ s: String, _ schema: SchemaNode) {
        switch schema.format {
        case .byte:
            if !Base64Check.isValid(s) {
                report(
                    node.start, "\(pathText): not valid base64",
                    hint: "Secret data values are base64-encoded; put plain text under stringData instead")
            }
        default:
            return
        }
    }

    private mutating func checkRange(_ node: Node, _ i: Int, _ schema: SchemaNode) {
        if schema.format == .int32, i < Int(Int32.min) || i > Int(Int32.max) {
            report(node.start, "\(pathText): \(i) does not fit in a 32-bit integer")
        }
    }
}

/// Kubernetes resource quantities (`resource.Quantity`): a decimal number with an optional
/// binary (Ki…Ei), decimal (n, u, m, k, M, G, T, P, E) or exponent suffix.
enum Quantity {
    static func isValid(_ s: String) -> Bool {
        var b = Substring(s).utf8[...]
        if let c = b.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { b = b.dropFirst() }
        let digits = b.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        b = b.dropFirst(digits.count)
        var fraction = 0
        if b.first == UInt8(ascii: ".") {
            b = b.dropFirst()
            fraction = b.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            b = b.dropFirst(fraction)
        }
        guard digits.count + fraction > 0 else { return false }
        let suffix = String(decoding: b, as: UTF8.self)
        switch suffix {
        case "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E": return true
        default:
            var e = suffix.utf8[...]
            guard let first = e.first, first == UInt8(ascii: "e") || first == UInt8(ascii: "E") else { return false }
            e = e.dropFirst()
            if let c = e.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { e = e.dropFirst() }
            return !e.isEmpty && e.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
    }

    static func suggestion(for s: String) -> String {
        let lower = s.lowercased()
        let units = [
            ("kb", "Ki", "k"), ("mb", "Mi", "M"), ("gb", "Gi", "G"), ("tb", "Ti", "T"), ("ki", "Ki", "k"),
            ("mi", "Mi", "M"), ("gi", "Gi", "G"), ("ti", "Ti", "T"),
        ]
        for (written, binary, decimal) in units where lower.hasSuffix(written) {
            let number = s.dropLast(written.count)
            return "write \"\(number)\(binary)\" (powers of 1024) or \"\(number)\(decimal)\" (powers of 1000)"
        }
        return "quantities look like 100m, 0.5, 128Mi, 2Gi or 1e3"
    }
}

/// Standard base64 (with padding), as Kubernetes decodes Secret `data`.
enum Base64Check {
    static func isValid(_ s: String) -> Bool {
        var count = 0
        var padding = 0
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                if padding > 0 { return false }
                count += 1
            case UInt8(ascii: "="):
                padding += 1
                count += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                continue
            default:
                return false
            }
        }
        return count % 4 == 0 && padding <= 2
    }
}
