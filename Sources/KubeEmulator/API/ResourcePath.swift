/// A URL path under `/api` or `/apis`, split into group, version, namespace, resource, name
/// and subresource (api-concepts "resource URIs", including the old `/watch/` prefix).
struct ResourcePath: Sendable, Equatable {
    var group: String
    var version: String?
    var namespace: String?
    var resource: String?
    var name: String?
    var subresource: String?
    var watchPrefix = false

    init?(path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let root = parts.first else { return nil }
        parts.removeFirst()
        switch root {
        case "api":
            group = ""
            guard !parts.isEmpty else { return nil }
            version = parts.removeFirst()
        case "apis":
            guard !parts.isEmpty else { return nil }
            group = parts.removeFirst()
            version = parts.isEmpty ? nil : parts.removeFirst()
        default: return nil
        }
        if parts.first == "watch" {
            watchPrefix = true
            parts.removeFirst()
        }
        if parts.count >= 2, parts[0] == "namespaces" {
            if parts.count == 2 {
                resource = "namespaces"
                name = parts[1]
                return
            }
            if parts.count == 3, ["status", "finalize"].contains(parts[2]) {
                resource = "namespaces"
                name = parts[1]
                subresource = parts[2]
                return
            }
            namespace = parts[1]
            parts.removeFirst(2)
        }
        guard parts.count <= 3 else { return nil }
        if parts.count > 0 { resource = parts[0] }
        if parts.count > 1 { name = parts[1] }
        if parts.count > 2 { subresource = parts[2] }
    }
}
