import Testing

@testable import Rollout

@Suite struct LineDiffTests {
    @Test func equalTextsHaveNoDiff() {
        #expect(LineDiff.unified(old: "a\nb\n", new: "a\nb\n", oldLabel: "x", newLabel: "y") == "")
    }

    @Test func oneChangedLineWithThreeLinesOfContext() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        let expected = """
            --- live
            +++ git
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """
        #expect(LineDiff.unified(old: old, new: new, oldLabel: "live", newLabel: "git") == expected)
    }

    @Test func distantChangesMakeSeparateHunksAndCloseOnesMerge() {
        let old = (1...20).map { "l\($0)" }.joined(separator: "\n") + "\n"
        var lines = old.split(separator: "\n").map(String.init)
        lines[1] = "L2"
        lines[17] = "L18"
        let apart = LineDiff.unified(old: old, new: lines.joined(separator: "\n") + "\n", oldLabel: "a", newLabel: "b")
        #expect(
            apart.components(separatedBy: "\n").filter { $0.hasPrefix("@@") } == [
                "@@ -1,5 +1,5 @@", "@@ -15,6 +15,6 @@",
            ])
        lines[17] = "l18"
        lines[7] = "L8"
        let close = LineDiff.unified(old: old, new: lines.joined(separator: "\n") + "\n", oldLabel: "a", newLabel: "b")
        #expect(close.components(separatedBy: "\n").filter { $0.hasPrefix("@@") } == ["@@ -1,11 +1,11 @@"])
    }

    @Test func creationAndDeletionUseEmptyRanges() {
        #expect(
            LineDiff.unified(old: "", new: "a\nb\n", oldLabel: "/dev/null", newLabel: "git")
                == "--- /dev/null\n+++ git\n@@ -0,0 +1,2 @@\n+a\n+b\n")
        #expect(
            LineDiff.unified(old: "a\n", new: "", oldLabel: "live", newLabel: "/dev/null")
                == "--- live\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n")
    }

    @Test func insertionInTheMiddle() {
        let diff = LineDiff.unified(old: "a\nb\nc\n", new: "a\nb\nx\nc\n", oldLabel: "o", newLabel: "n")
        #expect(diff == "--- o\n+++ n\n@@ -1,3 +1,4 @@\n a\n b\n+x\n c\n")
    }

    /// Random texts over a small alphabet: the script must rebuild both sides and be as
    /// short as the LCS says.
    @Test(arguments: 0..<40)
    func editScriptIsMinimalAndRebuildsBothTexts(seed: Int) {
        var rng = SplitMix(seed: UInt64(seed))
        let a = (0..<Int(rng.next() % 30)).map { _ in Substring(["a", "b", "c", "d"][Int(rng.next() % 4)]) }
        let b = (0..<Int(rng.next() % 30)).map { _ in Substring(["a", "b", "c", "d"][Int(rng.next() % 4)]) }
        let script = LineDiff.edits(a, b)
        var rebuiltOld: [Substring] = []
        var rebuiltNew: [Substring] = []
        var changes = 0
        for edit in script {
            switch edit {
            case .equal(let i, let j):
                #expect(a[i] == b[j])
                rebuiltOld.append(a[i])
                rebuiltNew.append(b[j])
            case .delete(let i):
                rebuiltOld.append(a[i])
                changes += 1
            case .insert(let j):
                rebuiltNew.append(b[j])
                changes += 1
            }
        }
        #expect(rebuiltOld == a)
        #expect(rebuiltNew == b)
        #expect(changes == a.count + b.count - 2 * lcsLength(a, b))
    }

    func lcsLength(_ a: [Substring], _ b: [Substring]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }
}

/// A tiny deterministic generator, so that failures reproduce.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
