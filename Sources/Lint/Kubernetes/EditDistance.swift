/// Suggestions for misspelled names.
enum EditDistance {
    /// Levenshtein distance between two short ASCII-ish strings, case-insensitively, where a
    /// difference only in case counts as half a step (rounded up to 1 overall).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().utf8)
        let y = Array(b.lowercased().utf8)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        let d = previous[y.count]
        return d == 0 && a != b ? 1 : d
    }

    /// The candidate closest to `name`, if it is close enough to be a plausible typo.
    static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let limit = max(1, min(3, name.count / 3))
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(name, candidate)
            if d <= limit, best.map({ d < $0.1 || (d == $0.1 && candidate < $0.0) }) ?? true {
                best = (candidate, d)
            }
        }
        return best?.0
    }
}
