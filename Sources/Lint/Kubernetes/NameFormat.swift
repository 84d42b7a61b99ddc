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
            if name.contains("/") || name.contains("%") { return "may not contain \"/\" or \"%\"" }
            return nil
        case .subdomain:
            if name.utf8.count > 253 { return "must be no more than 253 characters" }
            for part in name.split(separator: ".", omittingEmptySubsequences: false) where !Self.isLabel(part) {
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
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "may contain at most one \"/\"" }
        let name = parts[parts.count - 1]
        if parts.count == 2 {
            let prefix = parts[0]
            if prefix.isEmpty { return "has an empty prefix before \"/\"" }
            if NameFormat.subdomain.problem(String(prefix)) != nil {
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
