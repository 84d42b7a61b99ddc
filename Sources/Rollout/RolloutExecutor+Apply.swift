import Manifests

extension RolloutExecutor {
    /// Applies the plan wave by wave, each wave's workloads healthy before the next wave
    /// starts (a migration Job in wave -1 completes before the Deployment rolls); stops at
    /// the first failure.
    ///
    /// - Parameter everyWorkload: wait for every workload, not only the ones written (a retry).
    func apply(_ plan: Plan, into run: inout Run, everyWorkload: Bool) async {
        var pendingDefinitions: [ResourceScopes.Kind: ObjectRef] = [:]
        for wave in plan.waves {
            await apply(wave, into: &run, pendingDefinitions: &pendingDefinitions)
            guard run.failure == nil else { return }
            if options.waitForHealth { await waitForHealth(wave.entries, into: &run, everyWorkload: everyWorkload) }
            guard run.failure == nil else { return }
        }
    }

    /// Applies every created or updated entry of one wave in order, waiting for a new CRD to
    /// be Established before the first object of its kind.
    func apply(
        _ wave: Plan.Wave, into run: inout Run, pendingDefinitions: inout [ResourceScopes.Kind: ObjectRef]
    ) async {
        for entry in wave.entries {
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
