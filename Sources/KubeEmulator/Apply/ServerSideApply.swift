import Manifests

/// The annotation client-side apply keeps the last applied configuration in.
let lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

/// Server-side apply of `applied` (the body of an `application/apply-patch+yaml` PATCH) by
/// `manager` onto `live` (`nil` when the object does not exist yet), as KUBE-API.md §4.4.3
/// describes the real API server.
///
/// The result is the object to store: `live` merged with `applied` by the list keys of
/// `schema`, fields the manager applied before and no longer applies removed (unless another
/// manager owns them), defaults filled, `status` kept from `live`, and `metadata.managedFields`
/// updated (an `Apply` entry for `manager` at `now`, RFC 3339). Unchanged re-applies leave
/// managedFields identical. The caller handles preconditions, `generation`, `resourceVersion`
/// and persistence.
///
/// - Throws: `ApplyConflict` when `force` is false and a field `applied` changes belongs to
///   another manager (`kubectl` with a last-applied annotation is forced automatically when only
///   fields of that annotation conflict, as the real server does).
func serverSideApply(
    live: Value?, applied: Value, manager: String, force: Bool, now: String, schema: MergeSchema
) throws(ApplyConflict) -> Value {
    let config = strippingSystemMetadata(applied)
    let dropStatus = schema.hasStatusSubresource
    let appliedFields = FieldSet(of: config, schema: schema).strippingSystemFields(dropStatus: dropStatus)
    let apiVersion = applied["apiVersion"]?.stringValue ?? live?["apiVersion"]?.stringValue ?? ""

    var entries = ManagedFields.entries(of: live)
    if let live, entries.isEmpty {
        // skipNonApplied: fields set before the first apply belong to an Update manager.
        let before = FieldSet(of: strippingSystemMetadata(live), schema: schema)
            .strippingSystemFields(dropStatus: true)
        if !before.isEmpty {
            entries.append(
                ManagedFieldsEntry(
                    manager: "before-first-apply", operation: "Update", apiVersion: apiVersion, time: now,
                    fields: before))
        }
    }
    let me = ManagedFieldsEntry(
        manager: manager, operation: "Apply", apiVersion: apiVersion, time: now, fields: appliedFields)
    let myIndex = entries.firstIndex { $0.isSameManager(as: me) }
    let previous = myIndex.map { entries[$0].fields } ?? FieldSet()

    // Conflicts: applied leaves whose live value differs and that another manager owns.
    var conflicts: [(entry: Int, path: FieldPath)] = []
    if let live {
        var inConfig = FieldPathLookup(config, schema: schema)
        var inLive = FieldPathLookup(live, schema: schema)
        for path in appliedFields.paths.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let owners = entries.indices.filter { $0 != myIndex && entries[$0].fields.contains(path) }
            guard !owners.isEmpty, let (mine, node) = inConfig.lookup(path), let (theirs, _) = inLive.lookup(path)
            else { continue }
            if case .object = mine, !node.isAtomic { continue }
            if case .array = mine, node.effectiveListType != .atomic { continue }
            if mine != theirs { conflicts += owners.map { ($0, path) } }
        }
    }
    if !conflicts.isEmpty, !force,
        !(manager == "kubectl" && onlyLastAppliedConflicts(conflicts.map(\.path), live: live, schema: schema))
    {
        let causes = conflicts.map { c in
            let e = entries[c.entry]
            return ApplyConflict.Cause(
                manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, subresource: e.subresource,
                field: renderPath(c.path))
        }
        throw ApplyConflict(causes: sortedCauses(causes))
    }
    for c in conflicts { entries[c.entry].fields.remove(c.path) }

    // Merge, then drop what this manager no longer applies and nobody else owns.
    var result = merge(live: live.map(strippingManagedFields), applied: config, schema: schema)
    let othersOwn = entries.indices.filter { $0 != myIndex }.reduce(FieldSet()) { $0.union(entries[$1].fields) }
    let dropped = previous.subtracting(appliedFields)
    var removed: [FieldPath] = []
    for path in dropped.paths.sorted(by: { $0.count < $1.count }) {
        guard othersOwn.paths(under: path).isEmpty, appliedFields.paths(under: path).isEmpty,
            !removed.contains(where: { path.starts(with: $0) })
        else { continue }
        FieldPathValue.remove(path, from: &result, schema: schema)
        removed.append(path)
    }
    if dropStatus {
        result["status"] = live?["status"]
    }
    if manager == "kubectl", live?[path: ["metadata", "annotations", lastAppliedAnnotation]] != nil {
        // lastAppliedUpdater: keep the client-side-apply annotation in step with the applied config.
        result.setValue(["metadata", "annotations", lastAppliedAnnotation], .string(lastAppliedConfiguration(applied)))
    }
    applyDefaults(to: &result)

    var updated = me
    if let myIndex {
        let unchanged = entries[myIndex].fields == appliedFields && live.map(strippingManagedFields) == result
        if unchanged { updated.time = entries[myIndex].time }
        entries[myIndex] = updated
    } else {
        entries.append(updated)
    }
    ManagedFields.store(entries, in: &result)
    return result
}

/// The last-applied annotation the real server writes for `applied`: the applied config without
/// managedFields and the annotation itself, as JSON with sorted keys (as Go marshals maps).
func lastAppliedConfiguration(_ applied: Value) -> String {
    var config = strippingManagedFields(applied)
    config.setValue(["metadata", "annotations", lastAppliedAnnotation], nil)
    if config[path: ["metadata", "annotations"]]?.objectValue?.isEmpty == true {
        config.setValue(["metadata", "annotations"], nil)
    }
    var text = ""
    canonicalJSON(config, into: &text)
    return text
}

/// Whether every conflicting path is a field of the live object's last-applied annotation:
/// the real server then forces a `kubectl` apply (migration from client-side apply).
private func onlyLastAppliedConflicts(_ paths: [FieldPath], live: Value?, schema: MergeSchema) -> Bool {
    guard let text = live?[path: ["metadata", "annotations", lastAppliedAnnotation]]?.stringValue,
        let lastApplied = try? Value(json: text)
    else { return false }
    let fields = FieldSet(of: lastApplied, schema: schema)
    return paths.allSatisfy { fields.contains($0) }
}

private func sortedCauses(_ causes: [ApplyConflict.Cause]) -> [ApplyConflict.Cause] {
    func identifier(_ c: ApplyConflict.Cause) -> String {
        ManagedFieldsEntry(
            manager: c.manager, operation: c.operation, apiVersion: c.apiVersion, time: nil,
            subresource: c.subresource, fields: FieldSet()
        ).identifier
    }
    return causes.enumerated().sorted { a, b in
        let (ia, ib) = (identifier(a.element), identifier(b.element))
        return ia != ib ? ia < ib : a.offset < b.offset
    }.map(\.element)
}

/// The object without `metadata.managedFields`.
func strippingManagedFields(_ object: Value) -> Value {
    var o = object
    if o["metadata"]?.objectValue != nil { o.setValue(["metadata", "managedFields"], nil) }
    return o
}

/// An applied configuration without the metadata only the server writes.
private func strippingSystemMetadata(_ object: Value) -> Value {
    guard case .object(var metadata)? = object["metadata"] else { return object }
    for key in ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink"] {
        metadata[key] = nil
    }
    var o = object
    o["metadata"] = .object(metadata)
    return o
}

/// `live` overlaid with `applied`: structs and maps key by key, list-maps by key, sets by union,
/// atomic values replaced. A `null` in `applied` removes the field.
func merge(live: Value?, applied: Value, schema: MergeSchema) -> Value {
    switch (live, applied) {
    case (.object(let l)?, .object(let a)) where !schema.isAtomic:
        // Indexed by key: ObjectValue lookups are linear, and ConfigMaps can hold thousands.
        let appliedByKey = a.keyIndex
        let liveByKey = l.keyIndex
        var out = ObjectValue()
        for (k, v) in l {
            guard let av = appliedByKey[k] else {
                out.appendUnchecked(k, v)
                continue
            }
            if !av.isNull { out.appendUnchecked(k, merge(live: v, applied: av, schema: schema.child(k))) }
        }
        for (k, av) in a where liveByKey[k] == nil && !av.isNull {
            out.appendUnchecked(k, merge(live: nil, applied: av, schema: schema.child(k)))
        }
        return .object(out)
    case (.array(let l)?, .array(let a)):
        switch schema.effectiveListType {
        case .atomic:
            return applied
        case .set:
            return .array(mergeOrdered(live: l, applied: a, key: { $0.jsonString }) { _, item in item })
        case .map:
            return .array(
                mergeOrdered(live: l, applied: a, key: { schema.itemKey($0).map { Value.object($0).jsonString } }) {
                    merge(live: $0, applied: $1, schema: schema.element)
                })
        }
    case (_, .object(let a)) where !schema.isAtomic:
        var out = ObjectValue()
        for (k, av) in a where !av.isNull {
            out.appendUnchecked(k, merge(live: nil, applied: av, schema: schema.child(k)))
        }
        return .object(out)
    default:
        return applied
    }
}

/// Merges two keyed lists as smd orders them: items both lists hold follow the applied order,
/// items only the live list holds keep their place between them, applied-only items come where
/// the applied list has them. Items without a key are kept as they are.
private func mergeOrdered(
    live: [Value], applied: [Value], key: (Value) -> String?, merging: (Value?, Value) -> Value
) -> [Value] {
    let liveKeys = live.map(key)
    let appliedKeys = applied.map(key)
    var liveByKey: [String: Value] = [:]
    for (k, item) in zip(liveKeys, live) { if let k, liveByKey[k] == nil { liveByKey[k] = item } }
    let appliedSet = Set(appliedKeys.compactMap { $0 })
    var shared = appliedKeys.compactMap { $0 }.filter { liveByKey[$0] != nil }[...]
    var out: [Value] = []
    var emitted: Set<String> = []
    var li = 0
    var ri = 0
    func emitApplied() {
        let item = applied[ri]
        ri += 1
        guard let k = appliedKeys[ri - 1] else {
            out.append(item)
            return
        }
        if shared.first == k { shared.removeFirst() }
        guard emitted.insert(k).inserted else { return }
        out.append(merging(liveByKey[k], item))
    }
    while li < live.count || ri < applied.count {
        if li < live.count {
            guard let k = liveKeys[li], appliedSet.contains(k) else {
                out.append(live[li])
                li += 1
                continue
            }
            if emitted.contains(k) || (shared.first != k && ri < applied.count && appliedKeys[ri] != k) {
                li += 1
                continue
            }
        }
        if ri < applied.count {
            emitApplied()
        } else {
            li += 1
        }
    }
    return out
}
