import Manifests

/// A rule's options from `.gitops-lint.yaml` (the keys beside `level`), with typed getters.
public struct RuleOptions: Sendable, Equatable {
    public var values: ObjectValue

    public init(_ values: ObjectValue = ObjectValue()) {
        self.values = values
    }

    public func int(_ name: String, default value: Int) -> Int {
        values[name]?.intValue ?? value
    }

    public func bool(_ name: String, default value: Bool) -> Bool {
        values[name]?.boolValue ?? value
    }

    public func string(_ name: String) -> String? {
        switch values[name] {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        default: return nil
        }
    }

    public func strings(_ name: String, default value: [String]) -> [String] {
        guard let items = values[name]?.arrayValue else { return value }
        return items.compactMap { $0.stringValue }
    }
}
