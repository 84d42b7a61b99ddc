import Manifests

/// A problem the schema validator found, before it becomes a `Finding`.
struct SchemaViolation: Sendable, Equatable {
    var mark: Mark
    var message: String
    var hint: String?
}

/// A step in the path from an object's root to a node, for messages (`spec.containers[0]`).
enum PathStep: Sendable {
    case key(String)
    case index(Int)

    static func render(_ steps: [PathStep]) -> String {
        var out = ""
        for step in steps {
            switch step {
            case .key(let k):
                if !out.isEmpty { out += "." }
                out += k
            case .index(let i): out += "[\(i)]"
            }
        }
        return out.isEmpty ? "(root)" : out
    }
}
