/// A JSON-like value: what a Kubernetes object is once its YAML or JSON has been read.
///
/// Objects keep their keys in document order (so that output reads like the input), but two
/// objects are equal when they hold the same keys with equal values, whatever the order.
/// Integers and doubles compare by numeric value: `.int(1) == .double(1)`.
public enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([Value])
    case object(ObjectValue)

    /// The value at `key` when this is an object, otherwise `nil`.
    public subscript(key: String) -> Value? {
        get {
            if case .object(let o) = self { return o[key] }
            return nil
        }
        set {
            guard case .object(var o) = self else { return }
            o[key] = newValue
            self = .object(o)
        }
    }

    /// The value at a path of object keys, e.g. `value[path: ["metadata", "name"]]`.
    public subscript(path path: [String]) -> Value? {
        var current: Value? = self
        for key in path { current = current?[key] }
        return current
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }
    public var arrayValue: [Value]? {
        if case .array(let a) = self { return a }
        return nil
    }
    public var objectValue: ObjectValue? {
        if case .object(let o) = self { return o }
        return nil
    }
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }
}

/// An object's members in document order, with lookup by key.
///
/// Kubernetes objects have few keys per level, so a linear scan beats hashing here.
public struct ObjectValue: Sendable, Equatable, Sequence {
    public typealias Element = (key: String, value: Value)
    public private(set) var entries: [Element]

    public init() { entries = [] }
    public init(_ entries: [Element]) {
        self.entries = []
        self.entries.reserveCapacity(entries.count)
        for (k, v) in entries { self[k] = v }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> Value? {
        get {
            for e in entries where e.key == key { return e.value }
            return nil
        }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let v = newValue { entries[i].value = v } else { entries.remove(at: i) }
            } else if let v = newValue {
                entries.append((key, v))
            }
        }
    }

    /// Appends without checking for an existing key: for parsers that already checked.
    public mutating func appendUnchecked(_ key: String, _ value: Value) {
        entries.append((key, value))
    }

    public func makeIterator() -> IndexingIterator<[Element]> { entries.makeIterator() }

    public static func == (lhs: ObjectValue, rhs: ObjectValue) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for (k, v) in lhs.entries {
            guard let other = rhs[k], other == v else { return false }
        }
        return true
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral,
    ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(ObjectValue(elements.map { (key: $0.0, value: $0.1) }))
    }
    public init(nilLiteral: ()) { self = .null }
}
