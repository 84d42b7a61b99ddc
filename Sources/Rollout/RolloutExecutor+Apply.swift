import Manifests

extension RolloutExecutor {
    /// Applies every created or updated entry in plan order, waiting for a new CRD to be
    /// Established before the first object of its kind; stops at the first failure.
    func apply(_ plan: Plan, into run: inout Run) async {
        var pendingDefinitions: [ResourceScopes.Kind: ObjectRef] = [:]
        for entry in plan.waves.flatMap(\.entries) {
            guard run.failure == nil else { return }
            guard let object = entry.desired, entry.action == .create || entry.action == .update else {
                run.entries.append(RolloutExecutor.unwrittenEntry(entry))
                continue
            }
            let kind = ResourceScopes.Kind(group: entry.ref.group, kind: entry.ref.kind)
            if let definition = pendingDefinitions.removeValue(forKey: kind) {
                if let failure = await waitEstablished(definition) {
                    run.failure = failure
                    run.entries.append(ChangeEntry(ref: entry.ref, action: .failed, message: failure.description))
                    return
                }
            }
            do {
                _ = try await client.apply(
                    object, fieldManager: options.fieldManager, force: options.forceConflicts, dryRun: false)
                run.entries.append(
                    ChangeEntry(ref: entry.ref, action: entry.action == .create ? .created : .configured))
            } catch {
                let failure = RolloutError(.cluster, "apply failed", ref: entry.ref, cause: "\(error)")
                run.failure = failure
                run.entries.append(ChangeEntry(ref: entry.ref, action: .failed, message: "\(error)"))
                return
            }
            if entry.phase == .customResourceDefinitions, let group = object[path: ["spec", "group"]]?.stringValue,
                let defined = object[path: ["spec", "names", "kind"]]?.stringValue
            {
                pendingDefinitions[ResourceScopes.Kind(group: group, kind: defined)] = entry.ref
            }
        }
    }

    /// Deletes the plan's prune entries in order and reports the skipped ones; stops at the
    /// first failure.
    func prune(_ plan: Plan, into run: inout Run) async {
        for entry in plan.prunes {
            guard entry.action == .prune else {
                run.entries.append(RolloutExecutor.unwrittenEntry(entry))
                continue
            }
            do {
                try await client.delete(entry.ref)
                run.pruned.insert(entry.ref.key)
                run.entries.append(ChangeEntry(ref: entry.ref, action: .pruned))
            } catch {
                run.failure = RolloutError(.cluster, "delete failed", ref: entry.ref, cause: "\(error)")
                run.entries.append(ChangeEntry(ref: entry.ref, action: .failed, message: "\(error)"))
                return
            }
        }
    }
}
