/// Reads untagged plain scalars the way Kubernetes does.
///
/// Kubernetes reads YAML with sigs.k8s.io/yaml, which decodes with (a fork of) go-yaml v2 and
/// then converts to JSON. go-yaml v2 follows YAML 1.1 for plain scalars:
/// - booleans: `true/True/TRUE/false/…`, and also `yes/no`, `on/off`, `y/n` in all three cases;
/// - null: empty, `~`, `null`, `Null`, `NULL`;
/// - integers as Go's `strconv.ParseInt(s, 0, 64)` reads them after removing `_`: decimal,
///   `0x1F`, `0o17`, `0b101`, and a leading `0` for octal (`0755` is 493); beyond Int64 → double;
/// - floats matching `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (so `08` is 8.0 and
///   `1e3` is 1000.0), plus `.inf`, `-.inf`, `.nan` (JSON has no such numbers: they write as null);
/// - timestamps stay strings (go-yaml v2 keeps them as strings when decoding into `interface{}`).
/// Everything else, and every quoted or block scalar, is a string.
public enum ScalarResolver {
    /// The value of an untagged plain scalar.
    public static func resolvePlain(_ s: String) -> Value {
        var s = s
        return s.withUTF8 { resolvePlain(bytes: $0) } ?? .string(s)
    }

    /// `true` when an untagged plain scalar with this text reads as a boolean.
    public static func isBoolean(_ s: String) -> Bool { boolean(s) != nil }

    /// The YAML 1.1 boolean words go-yaml v2 accepts.
    public static func boolean(_ s: String) -> Bool? {
        switch s {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
        default: return nil
        }
    }

    /// `nil` means "a string": callers keep the text they already have.
    private static func resolvePlain(bytes b: UnsafeBufferPointer<UInt8>) -> Value? {
        guard let first = b.first else { return .null }
        switch first {
        case UInt8(ascii: "~"):
            return b.count == 1 ? .null : nil
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"),
            UInt8(ascii: "F"), UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            guard b.count <= 5 else { return nil }
            let s = String(decoding: b, as: UTF8.self)
            if s == "null" || s == "Null" || s == "NULL" { return .null }
            return boolean(s).map { .bool($0) }
        case UInt8(ascii: "."):
            let s = String(decoding: b, as: UTF8.self)
            switch s {
            case ".inf", ".Inf", ".INF": return .double(.infinity)
            case ".nan", ".NaN", ".NAN": return .double(.nan)
            default: return number(b)
            }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let s = String(decoding: b, as: UTF8.self)
            switch s {
            case "+.inf", "+.Inf", "+.INF": return .double(.infinity)
            case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
            default: return number(b)
            }
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number(b)
        default:
            return nil
        }
    }

    private static func number(_ b: UnsafeBufferPointer<UInt8>) -> Value? {
        var plain: [UInt8] = []
        plain.reserveCapacity(b.count)
        for c in b where c != UInt8(ascii: "_") { plain.append(c) }
        if let i = goParseInt(plain) { return .int(i) }
        if let u = goParseUInt(plain) { return .double(Double(u)) }
        if isYAMLStyleFloat(plain), let d = Double(String(decoding: plain, as: UTF8.self)) { return .double(d) }
        return nil
    }

    /// `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`, `0o`, `0b`, a leading `0`
    /// (octal) or decimal digits.
    static func goParseInt(_ s: [UInt8]) -> Int? {
        var i = 0
        var negative = false
        if let c = s.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            negative = c == UInt8(ascii: "-")
            i = 1
        }
        guard let (magnitude, _) = unsignedDigits(s, from: i) else { return nil }
        if negative {
            if magnitude == UInt64(Int64.max) + 1 { return Int(Int64.min) }
            guard magnitude <= UInt64(Int64.max) else { return nil }
            return -Int(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int(magnitude)
    }

    /// `strconv.ParseUint(s, 0, 64)` (no sign allowed).
    static func goParseUInt(_ s: [UInt8]) -> UInt64? {
        unsignedDigits(s, from: 0)?.value
    }

    private static func unsignedDigits(_ s: [UInt8], from start: Int) -> (value: UInt64, base: Int)? {
        var i = start
        guard i < s.count else { return nil }
        var base: UInt64 = 10
        if s[i] == UInt8(ascii: "0"), i + 1 < s.count {
            switch s[i + 1] | 0x20 {
            case UInt8(ascii: "x"):
                base = 16
                i += 2
            case UInt8(ascii: "o"):
                base = 8
                i += 2
            case UInt8(ascii: "b"):
                base = 2
                i += 2
            default:
                base = 8
                i += 1
            }
            guard i < s.count else { return nil }
        }
        var value: UInt64 = 0
        while i < s.count {
            let c = s[i]
            let digit: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < base else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = a
            i += 1
        }
        return (value, Int(base))
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
    static func isYAMLStyleFloat(_ s: [UInt8]) -> Bool {
        var i = 0
        let n = s.count
        func isDigit(_ k: Int) -> Bool { k < n && s[k] >= UInt8(ascii: "0") && s[k] <= UInt8(ascii: "9") }
        if i < n, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        if i < n, s[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { return false }
            while isDigit(i) { i += 1 }
        } else {
            guard isDigit(i) else { return false }
            while isDigit(i) { i += 1 }
            if i < n, s[i] == UInt8(ascii: ".") {
                i += 1
                while isDigit(i) { i += 1 }
            }
        }
        if i < n, s[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < n, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { return false }
            while isDigit(i) { i += 1 }
        }
        return i == n
    }
}
