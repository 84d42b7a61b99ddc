/// A line diff of two texts (Myers' O(ND) algorithm) and its unified rendering.
public enum LineDiff {
    /// One step of an edit script, with 0-based line indices into the old and new texts.
    enum Edit: Equatable {
        case equal(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    /// Beyond this many differing lines the diff stops looking for a minimal script and
    /// replaces the whole changed middle, to bound time and memory.
    static let maxEditDistance = 4000

    /// A unified diff (`---`/`+++` headers, `@@` hunks with `context` lines around each
    /// change) from `old` to `new`, or `""` when the texts are equal.
    ///
    ///     LineDiff.unified(old: "a\nb\n", new: "a\nc\n", oldLabel: "live", newLabel: "git")
    public static func unified(old: String, new: String, oldLabel: String, newLabel: String, context: Int = 3)
        -> String
    {
        let a = lines(old)
        let b = lines(new)
        let script = edits(a, b)
        guard script.contains(where: { if case .equal = $0 { return false } else { return true } }) else {
            return ""
        }
        var out = "--- \(oldLabel)\n+++ \(newLabel)\n"
        for hunk in hunks(script, context: context) {
            out += header(hunk, script: script)
            for edit in script[hunk] {
                switch edit {
                case .equal(let i, _): out += " \(a[i])\n"
                case .delete(let i): out += "-\(a[i])\n"
                case .insert(let j): out += "+\(b[j])\n"
                }
            }
        }
        return out
    }

    static func lines(_ text: String) -> [Substring] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }
        return parts
    }

    /// The ranges of the edit script to show: each change with `context` equal lines around
    /// it, merging changes whose context would touch.
    static func hunks(_ script: [Edit], context: Int) -> [Range<Int>] {
        let changes = script.indices.filter { if case .equal = script[$0] { return false } else { return true } }
        var ranges: [Range<Int>] = []
        for index in changes {
            let start = max(0, index - context)
            let end = min(script.count, index + context + 1)
            if let last = ranges.last, start <= last.upperBound {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                ranges.append(start..<end)
            }
        }
        return ranges
    }

    static func header(_ hunk: Range<Int>, script: [Edit]) -> String {
        var oldStart: Int?
        var newStart: Int?
        var oldCount = 0
        var newCount = 0
        var oldBefore = 0
        var newBefore = 0
        for edit in script[..<hunk.lowerBound] {
            switch edit {
            case .equal: (oldBefore, newBefore) = (oldBefore + 1, newBefore + 1)
            case .delete: oldBefore += 1
            case .insert: newBefore += 1
            }
        }
        for edit in script[hunk] {
            switch edit {
            case .equal(let i, let j):
                oldStart = oldStart ?? i
                newStart = newStart ?? j
                oldCount += 1
                newCount += 1
            case .delete(let i):
                oldStart = oldStart ?? i
                oldCount += 1
            case .insert(let j):
                newStart = newStart ?? j
                newCount += 1
            }
        }
        func range(_ start: Int?, _ count: Int, before: Int) -> String {
            // As in GNU diff: an empty side names the line before it.
            if count == 0 { return "\(before),0" }
            let first = (start ?? before) + 1
            return count == 1 ? "\(first)" : "\(first),\(count)"
        }
        return
            "@@ -\(range(oldStart, oldCount, before: oldBefore)) +\(range(newStart, newCount, before: newBefore)) @@\n"
    }

    /// A shortest edit script from `a` to `b`.
    static func edits(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
            a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
        {
            suffix += 1
        }
        var script = (0..<prefix).map { Edit.equal(old: $0, new: $0) }
        let midA = Array(a[prefix..<(a.count - suffix)])
        let midB = Array(b[prefix..<(b.count - suffix)])
        let middle =
            myers(midA, midB)
            ?? (midA.indices.map { Edit.delete(old: $0) } + midB.indices.map { Edit.insert(new: $0) })
        for edit in middle {
            switch edit {
            case .equal(let i, let j): script.append(.equal(old: i + prefix, new: j + prefix))
            case .delete(let i): script.append(.delete(old: i + prefix))
            case .insert(let j): script.append(.insert(new: j + prefix))
            }
        }
        for k in 0..<suffix {
            script.append(.equal(old: a.count - suffix + k, new: b.count - suffix + k))
        }
        return script
    }

    /// Myers' greedy forward search, remembering each round's frontier to walk back the path;
    /// `nil` when the distance exceeds ``maxEditDistance``.
    static func myers(_ a: [Substring], _ b: [Substring]) -> [Edit]? {
        let n = a.count
        let m = b.count
        if n == 0 || m == 0 { return nil }
        let limit = min(n + m, maxEditDistance)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        for d in 0...limit {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x =
                    (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m { return backtrack(trace, n: n, m: m) }
            }
        }
        return nil
    }

    /// Walks the saved frontiers from the end back to the start. `trace[d]` holds the
    /// frontier before round `d`, for diagonals `-d...d`.
    static func backtrack(_ trace: [[Int]], n: Int, m: Int) -> [Edit] {
        var x = n
        var y = m
        var reversed: [Edit] = []
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let frontier = trace[d]
            func at(_ k: Int) -> Int { frontier[k + d] }
            let k = x - y
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : at(previousK)
            let previousY = d == 0 ? 0 : previousX - previousK
            while x > previousX, y > previousY {
                reversed.append(.equal(old: x - 1, new: y - 1))
                x -= 1
                y -= 1
            }
            if d > 0 {
                if x == previousX {
                    reversed.append(.insert(new: y - 1))
                } else {
                    reversed.append(.delete(old: x - 1))
                }
                x = previousX
                y = previousY
            }
        }
        return reversed.reversed()
    }
}
