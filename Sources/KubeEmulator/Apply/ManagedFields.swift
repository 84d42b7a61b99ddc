import Manifests

/// One `metadata.managedFields` entry: a manager's set of owned fields.
struct ManagedFieldsEntry: Equatable, Sendable {
    var manager: String
    /// `Apply` or `Update`.
    var operation: String
    var apiVersion: String
    var time: String?
    /// `status`, `scale`, or `nil` for the main resource.
    var subresource: String?
    var fields: FieldSet

    /// Whether `other` is the same manager in the sense of smd's `BuildManagerIdentifier`:
    /// same name, operation and subresource, and for Update also the same apiVersion.
    func isSameManager(as other: ManagedFieldsEntry) -> Bool {
        manager == other.manager && operation == other.operation && subresource == other.subresource
            && (operation == "Apply" || apiVersion == other.apiVersion)
    }

    /// The identifier smd sorts conflicting managers by (a JSON rendering of the entry's
    /// identity, in the field order of `metav1.ManagedFieldsEntry`).
    var identifier: String {
        var o = ObjectValue()
        o["manager"] = .string(manager)
        o["operation"] = .string(operation)
        if operation != "Apply" { o["apiVersion"] = .string(apiVersion) }
        if let subresource { o["subresource"] = .string(subresource) }
        return Value.object(o).jsonString
    }

    /// How conflict messages name this manager (`printManager` in the apiserver):
    /// `"kubectl"`, `"kubectl" with subresource "scale" using apps/v1`.
    var printed: String {
        var s = "\"\(manager)\""
        if let subresource { s += " with subresource \"\(subresource)\"" }
        if operation == "Update" { s += " using \(apiVersion)" }
        return s
    }

    init(
        manager: String, operation: String, apiVersion: String, time: String?, subresource: String? = nil,
        fields: FieldSet
    ) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.subresource = subresource
        self.fields = fields
    }

    init?(_ value: Value) {
        guard let manager = value["manager"]?.stringValue else { return nil }
        self.manager = manager
        operation = value["operation"]?.stringValue ?? "Update"
        apiVersion = value["apiVersion"]?.stringValue ?? ""
        time = value["time"]?.stringValue
        subresource = value["subresource"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        fields = FieldSet(fieldsV1: value["fieldsV1"] ?? .object(ObjectValue()))
    }

    /// The entry as the API serves it, fields in the order of `metav1.ManagedFieldsEntry`.
    var value: Value {
        var o = ObjectValue()
        o["manager"] = .string(manager)
        o["operation"] = .string(operation)
        o["apiVersion"] = .string(apiVersion)
        if let time { o["time"] = .string(time) }
        o["fieldsType"] = "FieldsV1"
        o["fieldsV1"] = fields.fieldsV1
        if let subresource { o["subresource"] = .string(subresource) }
        return .object(o)
    }
}

/// Reading and writing an object's `metadata.managedFields`.
enum ManagedFields {
    /// The entries of an object; entries that cannot be read are dropped.
    static func entries(of object: Value?) -> [ManagedFieldsEntry] {
        object?[path: ["metadata", "managedFields"]]?.arrayValue?.compactMap(ManagedFieldsEntry.init) ?? []
    }

    /// Whether a written `managedFields` value asks for a reset: `[{}]` clears them, an empty
    /// list does not (KUBE-API.md §4.4.7).
    static func isReset(_ value: Value?) -> Bool {
        guard let items = value?.arrayValue, !items.isEmpty else { return false }
        return items.allSatisfy { $0.objectValue?.isEmpty == true }
    }

    /// Stores `entries` in `object`, dropping empty ones; no entries removes the field.
    static func store(_ entries: [ManagedFieldsEntry], in object: inout Value) {
        let kept = entries.filter { !$0.fields.isEmpty }
        guard case .object(var metadata)? = object["metadata"] else { return }
        metadata["managedFields"] = kept.isEmpty ? Value?.none : .array(kept.map(\.value))
        object["metadata"] = .object(metadata)
    }

    /// At most this many Update managers are kept (`DefaultMaxUpdateManagers`).
    static let maxUpdateManagers = 10

    /// Merges the oldest Update entries into one `ancient-changes` entry once there are more than
    /// `maxUpdateManagers` (apiserver `capmanagers.go`).
    static func capped(_ entries: [ManagedFieldsEntry]) -> [ManagedFieldsEntry] {
        let updates = entries.indices.filter { entries[$0].operation == "Update" && !entries[$0].fields.isEmpty }
        guard updates.count > maxUpdateManagers else { return entries }
        let oldestFirst = updates.sorted { (entries[$0].time ?? "") < (entries[$1].time ?? "") }
        let merged = Set(oldestFirst.prefix(updates.count - maxUpdateManagers + 1))
        var ancient = ManagedFieldsEntry(
            manager: "ancient-changes", operation: "Update", apiVersion: entries[oldestFirst[0]].apiVersion,
            time: nil, fields: FieldSet())
        for i in merged {
            ancient.fields = ancient.fields.union(entries[i].fields)
            ancient.time = max(ancient.time ?? "", entries[i].time ?? "")
        }
        var result = entries.indices.filter { !merged.contains($0) }.map { entries[$0] }
        if let existing = result.firstIndex(where: { $0.manager == "ancient-changes" && $0.operation == "Update" }) {
            result[existing].fields = result[existing].fields.union(ancient.fields)
        } else {
            result.insert(ancient, at: 0)
        }
        return result
    }
}
