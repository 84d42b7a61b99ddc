/// A position in a YAML text: 1-based line and 1-based column (in characters, as editors count).
public struct Mark: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    // 32-bit storage keeps nodes small (every node holds two marks); files are capped far below.
    private var storedLine: Int32
    private var storedColumn: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }

    public static func < (a: Mark, b: Mark) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}
