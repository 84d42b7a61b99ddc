import Foundation
import Manifests

/// A parsed `labelSelector` query parameter: `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
/// `k notin (a)`, `k`, `!k`, joined by commas (all must hold).
struct LabelSelector: Sendable {
    enum Requirement: Sendable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
    }

    var requirements: [Requirement] = []
    let text: String

    init(_ text: String) throws(APIError) {
        self.text = text
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " }
            if rest.isEmpty { break }
            // A term ends at a comma outside parentheses.
            var depth = 0
            var end = rest.endIndex
            for i in rest.indices {
                if rest[i] == "(" {
                    depth += 1
                } else if rest[i] == ")" {
                    depth -= 1
                } else if rest[i] == ",", depth == 0 {
                    end = i
                    break
                }
            }
            requirements.append(try LabelSelector.parseTerm(rest[..<end].trimmingSpaces, whole: text))
            if end == rest.endIndex { break }
            rest = rest[rest.index(after: end)...]
        }
    }

    private static func parseTerm(_ term: Substring, whole: String) throws(APIError) -> Requirement {
        func fail() -> APIError {
            APIError.badRequest("unable to parse requirement: found '\(term)', expected: in, notin, =, ==, !=, gt, lt")
        }
        if term.hasPrefix("!") { return .doesNotExist(String(term.dropFirst()).trimmed) }
        if let r = term.range(of: "!=") {
            return .notEquals(String(term[..<r.lowerBound]).trimmed, String(term[r.upperBound...]).trimmed)
        }
        if let r = term.range(of: "==") {
            return .equals(String(term[..<r.lowerBound]).trimmed, String(term[r.upperBound...]).trimmed)
        }
        if let r = term.range(of: "=") {
            return .equals(String(term[..<r.lowerBound]).trimmed, String(term[r.upperBound...]).trimmed)
        }
        for (word, negated) in [(" notin ", true), (" in ", false)] {
            if let r = term.range(of: word) {
                let key = String(term[..<r.lowerBound]).trimmed
                var values = String(term[r.upperBound...]).trimmed
                guard values.hasPrefix("("), values.hasSuffix(")") else { throw fail() }
                values = String(values.dropFirst().dropLast())
                let set = Set(values.split(separator: ",").map { String($0).trimmed })
                return negated ? .notIn(key, set) : .isIn(key, set)
            }
        }
        let key = String(term).trimmed
        guard !key.isEmpty, !key.contains(" ") else { throw fail() }
        return .exists(key)
    }

    func matches(_ labels: ObjectValue?) -> Bool {
        for requirement in requirements {
            switch requirement {
            case .equals(let k, let v): guard labels?[k]?.stringValue == v else { return false }
            case .notEquals(let k, let v): guard labels?[k]?.stringValue != v else { return false }
            case .isIn(let k, let set):
                guard let v = labels?[k]?.stringValue, set.contains(v) else { return false }
            case .notIn(let k, let set):
                if let v = labels?[k]?.stringValue, set.contains(v) { return false }
            case .exists(let k): guard labels?[k] != nil else { return false }
            case .doesNotExist(let k): guard labels?[k] == nil else { return false }
            }
        }
        return true
    }
}

extension StringProtocol {
    var trimmed: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
    var trimmingSpaces: Substring { Substring(trimmed) }
}
