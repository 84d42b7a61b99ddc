/// A Kubernetes minor release (`1.37`): what `--kube-version` names.
public struct KubernetesVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The minor number: 37 for 1.37.
    public var minor: Int

    public init(minor: Int) {
        self.minor = minor
    }

    /// Parses `1.37`, `v1.37`, `1.37.2` or `v1.37.0`; `nil` for anything else.
    public init?(_ text: String) {
        var rest = Substring(text)
        if rest.hasPrefix("v") { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0] == "1", let minor = Int(parts[1]), minor >= 0,
            parts.count == 2 || Int(parts[2]) != nil
        else { return nil }
        self.minor = minor
    }

    /// `1.37`.
    public var description: String { "1.\(minor)" }

    public static func < (a: KubernetesVersion, b: KubernetesVersion) -> Bool { a.minor < b.minor }
}
