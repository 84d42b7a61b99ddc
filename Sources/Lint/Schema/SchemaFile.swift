/// Reads the compact schema file written by `scripts/gen-schemas`.
///
/// Layout (all integers little-endian UInt32):
/// - header (15 words): magic `GKS1`, format version, first Kubernetes minor, version count,
///   string count, node count, definition-name count, kind count, then the byte offsets of the
///   seven sections below.
/// - string offsets (count + 1 words) into the UTF-8 string bytes (padded to 4 bytes).
/// - node offsets (words into node data), then node data. A node is `tag`, `name`, then fields
///   by kind. `tag` = kind (bits 0–7; 9 is a `$ref`) | flags (8–15: nullable, list-map, set,
///   preserve-unknown) | format (16–23). `name` is a string index or `none`.
///   object: property count, (name, node)…, required count, name…, additional (`none` =
///   closed, `open`, or a node). array: items (node or `open`), list-map key count, key….
///   string: enum count, value…. `$ref`: definition-name index (stored in the `name` word).
/// - version tables: for each version, one node id per definition name (or `none`).
/// - kinds: (apiVersion, kind, definition name, version bit mask, deprecated-since minor).
/// - definition names: one string index each.
struct SchemaFile: Sendable {
    static let magic: UInt32 = 0x3153_4B47
    static let formatVersion: UInt32 = 1
    static let none: UInt32 = 0xFFFF_FFFF
    static let open: UInt32 = 0xFFFF_FFFE
    static let refKind: UInt32 = 9

    let bytes: [UInt8]
    let firstMinor: Int
    let versionCount: Int
    let stringCount: Int
    let nodeCount: Int
    let nameCount: Int
    let kindCount: Int
    private let stringOffsets: Int
    private let stringData: Int
    private let nodeOffsets: Int
    private let nodeData: Int
    private let versionTables: Int
    let kindTable: Int
    private let nameTable: Int

    init(bytes: [UInt8]) throws(SchemaError) {
        self.bytes = bytes
        guard bytes.count >= 60 else {
            throw SchemaError.corrupt("file is \(bytes.count) bytes, shorter than its header")
        }
        func header(_ i: Int) -> UInt32 { Self.word(bytes, at: i * 4) }
        guard header(0) == Self.magic else { throw SchemaError.corrupt("bad magic number") }
        guard header(1) == Self.formatVersion else {
            throw SchemaError.corrupt("format version \(header(1)), expected \(Self.formatVersion)")
        }
        firstMinor = Int(header(2))
        versionCount = Int(header(3))
        stringCount = Int(header(4))
        nodeCount = Int(header(5))
        nameCount = Int(header(6))
        kindCount = Int(header(7))
        stringOffsets = Int(header(8))
        stringData = Int(header(9))
        nodeOffsets = Int(header(10))
        nodeData = Int(header(11))
        versionTables = Int(header(12))
        kindTable = Int(header(13))
        nameTable = Int(header(14))
        guard nameTable + nameCount * 4 == bytes.count, versionTables + versionCount * nameCount * 4 == kindTable
        else { throw SchemaError.corrupt("section sizes do not match the header") }
    }

    @inline(__always)
    static func word(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian }
    }

    @inline(__always)
    func word(_ offset: Int) -> UInt32 { Self.word(bytes, at: offset) }

    func string(_ index: UInt32) -> String {
        let start = Int(word(stringOffsets + Int(index) * 4))
        let end = Int(word(stringOffsets + Int(index) * 4 + 4))
        return bytes.withUnsafeBufferPointer {
            String(
                decoding: UnsafeBufferPointer(rebasing: $0[(stringData + start)..<(stringData + end)]), as: UTF8.self)
        }
    }

    /// Byte offset of node `id`'s first word.
    func nodeOffset(_ id: UInt32) -> Int {
        nodeData + Int(word(nodeOffsets + Int(id) * 4)) * 4
    }

    /// The node a definition name maps to in a version, or `nil` if that version lacks it.
    func definition(_ nameIndex: UInt32, versionIndex: Int) -> UInt32? {
        let id = word(versionTables + (versionIndex * nameCount + Int(nameIndex)) * 4)
        return id == Self.none ? nil : id
    }

    func definitionName(_ nameIndex: UInt32) -> String {
        string(word(nameTable + Int(nameIndex) * 4))
    }

    /// The index of a definition name (`io.k8s.api.core.v1.PodSpec`); names are sorted.
    func definitionIndex(named name: String) -> UInt32? {
        var low = 0
        var high = nameCount - 1
        while low <= high {
            let mid = (low + high) / 2
            let candidate = definitionName(UInt32(mid))
            if candidate == name { return UInt32(mid) }
            if candidate.utf8.lexicographicallyPrecedes(name.utf8) { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }
}
