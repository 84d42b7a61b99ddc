import Manifests

/// One step of a field path, as in structured-merge-diff (`fieldpath.PathElement`).
enum PathElement: Hashable, Comparable, Sendable {
    /// `f:<name>`: a struct field or map key.
    case field(String)
    /// `k:<json>`: a list-map item, by its key fields rendered as compact JSON sorted by name.
    case key(String)
    /// `v:<json>`: a set item, by its value.
    case value(String)
    /// `i:<n>`: an item of an atomic list addressed by position (kept for decoding only).
    case index(Int)

    /// The fieldsV1 key: `f:name`, `k:{...}`, `v:...`, `i:n`.
    var fieldsV1Key: String {
        switch self {
        case .field(let s): return "f:" + s
        case .key(let s): return "k:" + s
        case .value(let s): return "v:" + s
        case .index(let i): return "i:\(i)"
        }
    }

    init?(fieldsV1Key: String) {
        let body = String(fieldsV1Key.dropFirst(2))
        switch fieldsV1Key.prefix(2) {
        case "f:": self = .field(body)
        case "k:": self = .key(body)
        case "v:": self = .value(body)
        case "i:":
            guard let i = Int(body) else { return nil }
            self = .index(i)
        default: return nil
        }
    }

    private var rank: Int {
        switch self {
        case .field: return 0
        case .key: return 1
        case .value: return 2
        case .index: return 3
        }
    }

    static func < (lhs: PathElement, rhs: PathElement) -> Bool {
        switch (lhs, rhs) {
        case (.field(let a), .field(let b)), (.key(let a), .key(let b)), (.value(let a), .value(let b)):
            return a < b
        case (.index(let a), .index(let b)): return a < b
        default: return lhs.rank < rhs.rank
        }
    }

    /// The smd `Path.String()` form of this element: `.name`, `[name="c"]`, `[="x"]`, `[0]`.
    var pathString: String {
        switch self {
        case .field(let s): return "." + s
        case .key(let json):
            guard case .object(let o)? = try? Value(json: json) else { return "[" + json + "]" }
            return "[" + o.map { "\($0.key)=\($0.value.jsonString)" }.joined(separator: ",") + "]"
        case .value(let json): return "[=" + json + "]"
        case .index(let i): return "[\(i)]"
        }
    }

    /// The element naming a list-map item with the given key fields.
    static func key(_ key: ObjectValue) -> PathElement {
        var sorted = ObjectValue()
        for name in key.keys.sorted() { sorted[name] = key[name] }
        return .key(Value.object(sorted).jsonString)
    }
}

/// A field path from the object root.
typealias FieldPath = [PathElement]

/// Renders a path as the real server does in conflict messages, e.g. `.spec.replicas` or
/// `.spec.template.spec.containers[name="c"].image`.
func renderPath(_ path: FieldPath) -> String {
    path.map(\.pathString).joined()
}

/// A set of field paths, stored as a tree: the shape of a managedFields `fieldsV1` value.
struct FieldSet: Equatable, Sendable {
    /// The paths in the set, leaves and intermediate members alike.
    private(set) var paths: Set<FieldPath> = []

    init() {}
    init(_ paths: some Sequence<FieldPath>) { self.paths = Set(paths) }

    var isEmpty: Bool { paths.isEmpty }
    func contains(_ path: FieldPath) -> Bool { paths.contains(path) }
    mutating func insert(_ path: FieldPath) { paths.insert(path) }
    mutating func remove(_ path: FieldPath) { paths.remove(path) }

    func union(_ other: FieldSet) -> FieldSet { FieldSet(paths.union(other.paths)) }
    func subtracting(_ other: FieldSet) -> FieldSet { FieldSet(paths.subtracting(other.paths)) }
    func intersection(_ other: FieldSet) -> FieldSet { FieldSet(paths.intersection(other.paths)) }

    /// Paths in this set that start with `prefix` (the prefix itself included).
    func paths(under prefix: FieldPath) -> [FieldPath] {
        paths.filter { $0.count >= prefix.count && Array($0.prefix(prefix.count)) == prefix }
    }

    /// The `fieldsV1` object: nested `f:`/`k:`/`v:` keys, `.` marking a member that also has
    /// children, children sorted as smd sorts them.
    var fieldsV1: Value {
        var root = Node()
        for path in paths { root.insert(path[...]) }
        return root.render()
    }

    /// Reads a `fieldsV1` object; unknown keys are skipped.
    init(fieldsV1: Value) {
        var out: Set<FieldPath> = []
        func walk(_ v: Value, _ prefix: FieldPath) {
            guard case .object(let o) = v else { return }
            if o.isEmpty, !prefix.isEmpty { out.insert(prefix) }
            for (k, child) in o {
                if k == "." {
                    out.insert(prefix)
                } else if let pe = PathElement(fieldsV1Key: k) {
                    walk(child, prefix + [pe])
                }
            }
        }
        walk(fieldsV1, [])
        paths = out
    }

    private struct Node {
        var isMember = false
        var children: [PathElement: Node] = [:]

        mutating func insert(_ path: ArraySlice<PathElement>) {
            guard let first = path.first else {
                isMember = true
                return
            }
            children[first, default: Node()].insert(path.dropFirst())
        }

        func render() -> Value {
            var o = ObjectValue()
            if isMember, !children.isEmpty { o.appendUnchecked(".", .object(ObjectValue())) }
            for key in children.keys.sorted() {
                o.appendUnchecked(key.fieldsV1Key, children[key]!.render())
            }
            return .object(o)
        }
    }
}
