/// How a scalar was written.
public enum ScalarStyle: Sendable, Equatable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded
}

/// One node of a YAML document, with where it starts and ends in the text.
///
/// Aliases are expanded: an alias node is a copy of its anchor's node, with `alias` set to the
/// anchor's name and `start`/`end` at the alias (the nodes inside keep the anchor's positions).
/// A block mapping with an anchor or tag starts at its first key, not at the `&`/`!`.
public struct Node: Sendable {
    /// A key and its value in a mapping; both keep their own positions.
    public struct Pair: Sendable {
        public var key: Node
        public var value: Node

        public init(key: Node, value: Node) {
            self.key = key
            self.value = value
        }
    }

    public enum Kind: Sendable {
        /// A scalar's text (after unquoting and folding) and how it was written.
        case scalar(String, ScalarStyle)
        /// Items in order; `flow` for `[a, b]`.
        case sequence([Node], flow: Bool)
        /// Pairs in document order, duplicates kept; `flow` for `{a: b}`.
        case mapping([Pair], flow: Bool)
    }

    /// Tag, anchor and alias, rare in manifests: kept out of line so that nodes stay small.
    private final class Extras: Sendable {
        let tag: String?
        let anchor: String?
        let alias: String?

        init(tag: String?, anchor: String?, alias: String?) {
            self.tag = tag
            self.anchor = anchor
            self.alias = alias
        }

        static func make(tag: String?, anchor: String?, alias: String?) -> Extras? {
            tag == nil && anchor == nil && alias == nil ? nil : Extras(tag: tag, anchor: anchor, alias: alias)
        }
    }

    public var kind: Kind
    public var start: Mark
    public var end: Mark
    private var extras: Extras?

    /// The explicit tag, expanded (`!!str` → `tag:yaml.org,2002:str`), or `nil`.
    public var tag: String? {
        get { extras?.tag }
        set { extras = Extras.make(tag: newValue, anchor: anchor, alias: alias) }
    }

    /// The anchor defined on this node (`&name`), if any.
    public var anchor: String? {
        get { extras?.anchor }
        set { extras = Extras.make(tag: tag, anchor: newValue, alias: alias) }
    }

    /// The anchor name when this node came from an alias (`*name`).
    public var alias: String? {
        get { extras?.alias }
        set { extras = Extras.make(tag: tag, anchor: anchor, alias: newValue) }
    }

    public init(
        _ kind: Kind, tag: String? = nil, anchor: String? = nil, alias: String? = nil, start: Mark, end: Mark
    ) {
        self.kind = kind
        self.start = start
        self.end = end
        self.extras = Extras.make(tag: tag, anchor: anchor, alias: alias)
    }

    /// The scalar's text, or `nil` for collections.
    public var scalar: String? {
        if case .scalar(let s, _) = kind { return s }
        return nil
    }

    /// The scalar's style, or `nil` for collections.
    public var style: ScalarStyle? {
        if case .scalar(_, let st) = kind { return st }
        return nil
    }

    /// The items of a sequence, or `nil`.
    public var items: [Node]? {
        if case .sequence(let items, _) = kind { return items }
        return nil
    }

    /// The pairs of a mapping, or `nil`.
    public var pairs: [Pair]? {
        if case .mapping(let pairs, _) = kind { return pairs }
        return nil
    }

    /// `true` for `[…]` and `{…}` collections.
    public var isFlow: Bool {
        switch kind {
        case .scalar: return false
        case .sequence(_, let flow), .mapping(_, let flow): return flow
        }
    }

    /// The value of the last pair whose key is the scalar `key` (last wins, as in `toValue`).
    public subscript(key: String) -> Node? {
        guard case .mapping(let pairs, _) = kind else { return nil }
        for pair in pairs.reversed() where pair.key.scalar == key { return pair.value }
        return nil
    }

    /// The pair whose key is `key` (the last one), so that callers can point at the key.
    public func pair(_ key: String) -> Pair? {
        guard case .mapping(let pairs, _) = kind else { return nil }
        for pair in pairs.reversed() where pair.key.scalar == key { return pair }
        return nil
    }

    /// `true` for an untagged plain scalar that reads as null (`~`, `null`, empty).
    public var isNull: Bool {
        guard case .scalar(let s, .plain) = kind, tag == nil else { return false }
        return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL"
    }
}

/// One document of a YAML stream.
public struct YAMLDocument: Sendable {
    /// The document's content; `nil` for an empty document (`---` with nothing after it).
    public var root: Node?
    public var start: Mark
    public var end: Mark
    /// The document began with an explicit `---`.
    public var explicitStart: Bool
    /// The document ended with an explicit `...`.
    public var explicitEnd: Bool
    /// 0-based position of the document in its stream.
    public var index: Int

    public init(root: Node?, start: Mark, end: Mark, explicitStart: Bool, explicitEnd: Bool, index: Int) {
        self.root = root
        self.start = start
        self.end = end
        self.explicitStart = explicitStart
        self.explicitEnd = explicitEnd
        self.index = index
    }
}
