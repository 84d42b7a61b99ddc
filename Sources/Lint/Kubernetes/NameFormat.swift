/// The name syntaxes Kubernetes validates (k8s.io/apimachinery/pkg/util/validation).
enum NameFormat: Sendable {
    /// RFC 1123 subdomain: lowercase alphanumerics, `-` and `.`, at most 253 characters.
    case subdomain
    /// RFC 1123 label: lowercase alphanumerics and `-`, at most 63 characters.
    case label
    /// RFC 1035 label: like an RFC 1123 label, but starting with a letter (Services).
    case label1035
    /// Path segment: anything but `/`, `%`, `.` and `..` (RBAC objects).
    case pathSegment

    /// The name rule for a built-in kind.
    static func forKind(_ kind: String) -> NameFormat {
        switch kind {
        case "Service": return .label1035
        case "Namespace": return .label
        case "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding": return .pathSegment
        default: return .subdomain
        }
    }

    /// Why `name` is invalid, or `nil` when it is valid.
    func problem(_ name: String) -> String? {
        switch self {
        case .pathSegment:
            if name == "." || name == ".." { return "may not be \"\(name)\"" }
            if name.utf8.contains(UInt8(ascii: "/")) || name.utf8.contains(UInt8(ascii: "%")) {
                return "may not contain \"/\" or \"%\""
            }
            return nil
        case .subdomain:
            if name.utf8.count > 253 { return "must be no more than 253 characters" }
            if !Self.isSubdomain(name.utf8) {
                return "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', "
                    + "starting and ending with a letter or digit"
            }
            return nil
        case .label, .label1035:
            if name.utf8.count > 63 { return "must be no more than 63 characters" }
            if !Self.isLabel(Substring(name)) {
                return "must be a lowercase RFC \(self == .label ? "1123" : "1035") label: lowercase letters, digits "
                    + "and '-', starting with a \(self == .label ? "letter or digit" : "letter") and ending with a "
                    + "letter or digit"
            }
            if self == .label1035, let first = name.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") {
                return "must start with a letter (RFC 1035 label)"
            }
            return nil
        }
    }

    /// Dot-separated RFC 1123 labels, checked in one pass without allocating.
    static func isSubdomain(_ b: some Collection<UInt8>) -> Bool {
        var previous: UInt8 = UInt8(ascii: ".")
        var labelLength = 0
        for c in b {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                labelLength += 1
            case UInt8(ascii: "-"):
                guard previous != UInt8(ascii: ".") else { return false }
                labelLength += 1
            case UInt8(ascii: "."):
                guard previous != UInt8(ascii: "."), previous != UInt8(ascii: "-") else { return false }
                labelLength = 0
            default:
                return false
            }
            if labelLength > 63 { return false }
            previous = c
        }
        return previous != UInt8(ascii: ".") && previous != UInt8(ascii: "-")
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
    static func isLabel(_ s: Substring) -> Bool {
        let b = s.utf8
        guard let first = b.first, let last = b.last, b.count <= 63 else { return false }
        func alnum(_ c: UInt8) -> Bool {
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        }
        return alnum(first) && alnum(last) && b.allSatisfy { alnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, at most 63 characters: a label's name part
    /// and a label value.
    static func isQualifiedNamePart(_ s: Substring) -> Bool {
        let b = s.utf8
        guard let first = b.first, let last = b.last, b.count <= 63 else { return false }
        func alnum(_ c: UInt8) -> Bool {
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        }
        return alnum(first) && alnum(last)
            && b.allSatisfy {
                alnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
            }
    }

    /// Why `key` is not a valid label or annotation key (`[prefix/]name`), or `nil`.
    static func qualifiedNameProblem(_ key: String) -> String? {
        let utf8 = key.utf8
        var name = Substring(key)
        if let slash = utf8.firstIndex(of: UInt8(ascii: "/")) {
            let prefix = key[..<slash]
            name = key[key.index(after: slash)...]
            if name.utf8.contains(UInt8(ascii: "/")) { return "may contain at most one \"/\"" }
            if prefix.isEmpty { return "has an empty prefix before \"/\"" }
            if prefix.utf8.count > 253 || !isSubdomain(prefix.utf8) {
                return "has an invalid prefix \"\(prefix)\": it must be a lowercase DNS subdomain (like example.com)"
            }
        }
        if name.isEmpty { return "has an empty name" }
        if name.utf8.count > 63 { return "has a name part longer than 63 characters" }
        if !isQualifiedNamePart(name) {
            return "must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit "
                + "(with an optional DNS subdomain prefix and '/')"
        }
        return nil
    }
}
