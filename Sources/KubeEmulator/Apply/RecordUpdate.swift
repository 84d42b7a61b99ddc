import Manifests

/// The managedFields bookkeeping of a non-apply write (create, update, merge / JSON / strategic
/// patch, `/scale` and `/status` writes), as KUBE-API.md §4.4.3 step 6 describes it.
///
/// The fields that changed between `old` (`nil` on create) and `new` are given to the
/// `operation` entry of `manager` (the `fieldManager` parameter or the User-Agent text before the
/// first `/`), for `subresource` (`"scale"`, `"status"` or `nil`), and taken away from every other
/// manager: an update never conflicts, but a later server-side apply of a different value
/// conflicts with it. For a `/scale` write pass the parent objects (the Deployment), not the
/// Scale. Managed fields written in `new` itself are honoured: `[{}]` clears them all.
///
/// - Returns: `new` with `metadata.managedFields` updated.
func recordUpdate(
    old: Value?, new: Value, manager: String, operation: String = "Update", now: String, subresource: String?,
    schema: MergeSchema? = nil
) -> Value {
    let written = new[path: ["metadata", "managedFields"]]
    var result = new
    if ManagedFields.isReset(written) {
        result.setValue(["metadata", "managedFields"], nil)
        return result
    }
    let oldWritten = old?[path: ["metadata", "managedFields"]]
    let userSet = (written?.arrayValue?.isEmpty == false) && written != oldWritten
    var entries = userSet ? ManagedFields.entries(of: new) : ManagedFields.entries(of: old)

    let kind = new["kind"]?.stringValue ?? old?["kind"]?.stringValue ?? ""
    let schema = schema ?? MergeSchema.forKind(kind)
    let dropStatus = subresource == nil && schema.hasStatusSubresource
    let diff = FieldSet.changes(from: old.map(strippingManagedFields), to: strippingManagedFields(new), schema: schema)
    let changed = diff.changed.strippingSystemFields(dropStatus: dropStatus)
    let removed = diff.removed.strippingSystemFields(dropStatus: dropStatus)

    let apiVersion = new["apiVersion"]?.stringValue ?? old?["apiVersion"]?.stringValue ?? ""
    let me = ManagedFieldsEntry(
        manager: manager, operation: operation, apiVersion: apiVersion, time: now, subresource: subresource,
        fields: changed)
    let myIndex = entries.firstIndex { $0.isSameManager(as: me) }
    for i in entries.indices where i != myIndex {
        entries[i].fields = entries[i].fields.subtracting(changed).subtracting(removed)
    }
    if let myIndex {
        let fields = entries[myIndex].fields.union(changed).subtracting(removed)
        if !changed.isEmpty || fields != entries[myIndex].fields {
            entries[myIndex].fields = fields
            entries[myIndex].time = now
        }
    } else if !changed.isEmpty {
        entries.append(me)
    }
    ManagedFields.store(ManagedFields.capped(entries), in: &result)
    return result
}
