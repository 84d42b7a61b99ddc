/// Caps that keep hostile YAML from exhausting memory or the stack.
public struct ParseLimits: Sendable, Equatable {
    /// Largest accepted text, in bytes.
    public var maxBytes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// Most nodes that aliases may add to a stream in total (an alias of an anchored node with
    /// N nodes counts N): a "billion laughs" text fails here instead of exhausting memory.
    public var maxAliasExpansion: Int

    public init(maxBytes: Int, maxDepth: Int, maxAliasExpansion: Int) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }

    /// 32 MiB, depth 256, 100,000 aliased nodes: far above any real manifest.
    public static let `default` = ParseLimits(maxBytes: 32 << 20, maxDepth: 256, maxAliasExpansion: 100_000)
}
