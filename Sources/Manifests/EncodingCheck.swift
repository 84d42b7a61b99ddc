/// Finds invalid UTF-8, NUL bytes and control characters before libyaml sees the text, so that
/// the error names the line and column (libyaml reports only a byte offset for these).
enum EncodingCheck {
    static func firstProblem(_ buf: UnsafeBufferPointer<UInt8>, path: String) -> YAMLError? {
        var line = 1
        var column = 1
        var i = 0
        let n = buf.count
        while i < n {
            let b = buf[i]
            if b < 0x80 {
                if b == 0 {
                    return YAMLError(
                        code: .encoding,
                        message: "NUL byte in the text (a binary file, or UTF-16? save it as UTF-8)",
                        path: path, mark: Mark(line: line, column: column))
                }
                if b == 0x0A {
                    line += 1
                    column = 1
                } else if (b < 0x20 && b != 0x09 && b != 0x0D) || b == 0x7F {
                    let hex = String(b, radix: 16, uppercase: true)
                    return YAMLError(
                        code: .encoding,
                        message: "control character 0x\(b < 0x10 ? "0" : "")\(hex) is not allowed in YAML",
                        path: path, mark: Mark(line: line, column: column))
                } else {
                    column += 1
                }
                i += 1
                continue
            }
            let width = sequenceWidth(buf, at: i)
            if width == 0 {
                let hex = String(b, radix: 16, uppercase: true)
                return YAMLError(
                    code: .encoding,
                    message: "invalid UTF-8 (byte 0x\(hex)); save the file as UTF-8",
                    path: path, mark: Mark(line: line, column: column))
            }
            i += width
            column += 1
        }
        return nil
    }

    /// Length of the valid UTF-8 sequence starting at `i`, or 0 when it is invalid.
    private static func sequenceWidth(_ buf: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b0 = buf[i]
        let n = buf.count
        func cont(_ k: Int) -> Bool { i + k < n && buf[i + k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0...0xEF:
            guard cont(1), cont(2) else { return 0 }
            let b1 = buf[i + 1]
            if b0 == 0xE0 && b1 < 0xA0 { return 0 }  // overlong
            if b0 == 0xED && b1 >= 0xA0 { return 0 }  // surrogate
            return 3
        case 0xF0...0xF4:
            guard cont(1), cont(2), cont(3) else { return 0 }
            let b1 = buf[i + 1]
            if b0 == 0xF0 && b1 < 0x90 { return 0 }
            if b0 == 0xF4 && b1 >= 0x90 { return 0 }
            return 4
        default:
            return 0
        }
    }
}
