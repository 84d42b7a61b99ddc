import Manifests

/// How one object differs between the cluster and git: field changes and a unified diff of
/// the two YAML renderings, both after normalization and with Secret values masked.
public struct ObjectDiff: Sendable, Equatable {
    /// The object compared.
    public var ref: ObjectRef
    /// Changed fields, `old` being the live side.
    public var changes: [FieldChange]
    /// `--- live/<ref>` / `+++ git/<ref>` unified diff with 3 lines of context; `""` when equal.
    public var unified: String

    /// Compares a live object (`nil` when it does not exist) with what the server would store
    /// for the desired object (a server-side-apply dry-run result; `nil` for a prune).
    public init(ref: ObjectRef, live: Value?, desired: Value?) {
        self.ref = ref
        var old = live.map(Normalizer.normalize)
        var new = desired.map(Normalizer.normalize)
        if ref.kind == "Secret", ref.group.isEmpty {
            (old, new) = ObjectDiff.maskSecret(old: old, new: new)
        }
        changes = FieldChange.changes(from: old, to: new)
        unified =
            changes.isEmpty
            ? ""
            : LineDiff.unified(
                old: old?.yamlString ?? "", new: new?.yamlString ?? "",
                oldLabel: old == nil ? "/dev/null" : "live/\(ref)", newLabel: new == nil ? "/dev/null" : "git/\(ref)")
    }

    /// Whether live and desired are equal after normalization.
    public var isEmpty: Bool { changes.isEmpty }

    static let masked = Value.string("***")
    static let maskedOld = Value.string("*** (old)")
    static let maskedNew = Value.string("*** (new)")

    /// Replaces every `data`/`stringData` value by `***`, or by `*** (old)`/`*** (new)`
    /// when it differs, so that a diff shows which keys changed but never their values.
    static func maskSecret(old: Value?, new: Value?) -> (Value?, Value?) {
        var old = old
        var new = new
        for field in ["data", "stringData"] {
            let before = old?[field]?.objectValue
            let after = new?[field]?.objectValue
            if var before {
                for (key, value) in before {
                    let same = after?[key] == nil || after?[key] == value
                    before[key] = same ? masked : maskedOld
                }
                old?[field] = .object(before)
            }
            if var after {
                for (key, value) in after {
                    let same = before?[key] == nil || before?[key] == value
                    after[key] = same ? masked : maskedNew
                }
                new?[field] = .object(after)
            }
        }
        return (old, new)
    }
}
