import Manifests

extension RolloutExecutor {
    /// The release records of `application` in the history namespace.
    ///
    /// - Throws: ``RolloutError`` (`history`) when the records cannot be listed or one is
    ///   malformed (the message names the ConfigMap to fix or delete).
    public func history(of application: String) async throws -> ReleaseHistory {
        let records: [Value]
        do {
            records = try await client.list(
                apiVersion: "v1", kind: "ConfigMap", namespace: options.historyNamespace,
                labelSelector: "\(AgentMetadata.appKey)=\(application)")
        } catch {
            throw RolloutError(
                .history,
                "release records of \(application) in namespace \(options.historyNamespace) could not be listed",
                cause: "\(error)")
        }
        return ReleaseHistory(try records.map(Release.init(configMap:)))
    }

    /// Writes (creates or replaces) the record of `release`.
    func writeRecord(_ release: Release) async throws {
        do {
            _ = try await client.apply(
                release.configMap(namespace: options.historyNamespace), fieldManager: options.fieldManager,
                force: true, dryRun: false)
        } catch {
            let name = Release.recordName(application: release.application, revision: release.revision)
            // Say how the release ended: this error may be all the caller gets.
            let outcome =
                release.result == .inProgress ? "" : "; the release \(release.result.rawValue): \(release.message)"
            throw RolloutError(
                .history,
                "release record \(options.historyNamespace)/\(name) (\(release.result.rawValue)) could not be written",
                cause: "\(error)\(outcome)")
        }
    }

    /// Creates the history namespace when it does not exist.
    func ensureHistoryNamespace() async throws {
        let ref = ObjectRef(group: "", version: "v1", kind: "Namespace", namespace: nil, name: options.historyNamespace)
        guard try await read(ref) == nil else { return }
        let namespace: Value = [
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": [
                "name": .string(options.historyNamespace),
                "labels": [AgentMetadata.managedByLabel: .string(AgentMetadata.managedByValue)],
            ],
        ]
        do {
            _ = try await client.apply(namespace, fieldManager: options.fieldManager, force: true, dryRun: false)
        } catch {
            throw RolloutError(
                .history, "the history namespace could not be created; create it or set historyNamespace", ref: ref,
                cause: "\(error)")
        }
    }

    /// Marks a release left InProgress by an agent that stopped mid-sync as Failed.
    func closeInterrupted(_ history: ReleaseHistory, by revision: Int) async throws {
        guard var unfinished = history.latest, unfinished.result == .inProgress else { return }
        unfinished.result = .failed
        unfinished.finished = clock.now()
        unfinished.message = "interrupted before it finished; superseded by revision \(revision)"
        unfinished.errors.append(unfinished.message)
        try await writeRecord(unfinished)
    }

    /// Records a plan with errors as a Failed release without touching any object — unless
    /// the newest record already says the same for this commit.
    func recordRejectedPlan(_ plan: Plan, release: Release, history: ReleaseHistory) async throws -> SyncResult {
        let messages = plan.errors.map(\.description)
        let failed = plan.errors.map { error in
            ChangeEntry(
                ref: error.ref ?? ObjectRef(group: "", version: "", kind: "", namespace: nil, name: "?"),
                action: .failed, message: error.message + (error.cause.map { ": \($0)" } ?? ""))
        }.filter { !$0.ref.kind.isEmpty }
        let previous = history.latest
        if let previous, previous.result == .failed, previous.commit.sha == release.commit.sha,
            previous.errors == messages
        {
            return SyncResult(
                application: plan.application, entries: failed, release: nil, previous: previous, errors: plan.errors)
        }
        var record = release
        record.result = .failed
        record.finished = clock.now()
        record.message = "not applied: \(messages.count) object error\(messages.count == 1 ? "" : "s"): \(messages[0])"
        record.errors = messages
        record.inventory = history.latest?.inventory ?? []
        record.actions = failed.map { Release.Action(ref: $0.ref, action: .failed, message: $0.message) }
        try await ensureHistoryNamespace()
        try await closeInterrupted(history, by: record.revision)
        try await writeRecord(record)
        let kept = history.releases.filter { $0.revision != record.revision }
        let warnings = await enforceHistoryLimit(ReleaseHistory(kept + [record]))
        return SyncResult(
            application: plan.application, entries: failed, release: record, previous: previous, errors: plan.errors,
            warnings: warnings)
    }

    /// Deletes records beyond the history limit; failures become warnings.
    func enforceHistoryLimit(_ history: ReleaseHistory) async -> [String] {
        var warnings: [String] = []
        for old in history.expired(limit: options.historyLimit) {
            let name = Release.recordName(application: old.application, revision: old.revision)
            let ref = ObjectRef(
                group: "", version: "v1", kind: "ConfigMap", namespace: options.historyNamespace, name: name)
            do {
                try await client.delete(ref)
            } catch {
                warnings.append("old release record \(ref) could not be deleted: \(error)")
            }
        }
        return warnings
    }
}

extension RolloutExecutor {
    /// Records a release that applied nothing, e.g. `.blocked` by lint errors or `.paused` by
    /// the operator, keeping the previous inventory. When the newest record already says the
    /// same (commit, result, message) it is returned instead and nothing is written.
    ///
    /// - Throws: ``RolloutError`` (`history`) when the history cannot be read or written.
    public func record(
        _ application: String, commit: Release.Commit, result: Release.Result, message: String,
        trigger: Release.Trigger = .commit
    ) async throws -> Release {
        let history = try await history(of: application)
        if let latest = history.latest, latest.commit.sha == commit.sha, latest.result == result,
            latest.message == message
        {
            return latest
        }
        let now = clock.now()
        let release = Release(
            application: application, revision: history.nextRevision, commit: commit, trigger: trigger, started: now,
            finished: now, result: result, message: message, inventory: history.latest?.inventory ?? [],
            errors: result == .blocked ? [message] : [])
        try await ensureHistoryNamespace()
        try await closeInterrupted(history, by: release.revision)
        try await writeRecord(release)
        _ = await enforceHistoryLimit(ReleaseHistory(history.releases + [release]))
        return release
    }
}
