import Foundation
import Manifests

/// Syncs applications to one cluster: a straight pipeline of plan → apply and health, wave
/// by wave → prune → record, one method per step, over a ``ClusterClient``. Prune runs only
/// once every wave is healthy: a broken release never deletes what the previous one left.
///
///     let executor = RolloutExecutor(client: kube)
///     let result = try await executor.sync(app, objects: objects, commit: .init(sha: sha))
///     print(result)   // "Deployment/dbs/web configured" … "dbs: revision 4 Succeeded at 1a2b3c4: …"
///
/// What a sync writes:
/// - Nothing at all when every object is unchanged, nothing left git, and the newest release
///   record succeeded with the same inventory — whatever the commit: the live state is what
///   that release applied. A periodic sync of a quiet repository is free, and a commit to one
///   application of a shared repository writes no record for the others, so their history
///   (the releases an operator rolls back to) is not pushed out by no-op records.
/// - Only a new Succeeded record ("no changes") when objects are unchanged but there is no
///   succeeded release to stand for them: the first sync of an application (even one without
///   objects, so that history is not empty), a sync after a Failed, Blocked, Paused or
///   interrupted release, or one whose objects that left git were all kept (the inventory
///   shrinks).
/// - Otherwise an InProgress record first, then the objects, then the finished record
///   (Succeeded or Failed, naming the object and the server's message).
/// - A Failed record without touching any object when the plan has errors (foreign
///   namespace, object of another application, dry run refused) — once per commit and set
///   of errors, not on every poll.
///
/// A commit whose newest record Failed is retried on the next sync (transient errors heal),
/// but under the same revision, with trigger `retry`, and with every workload's health
/// checked again (not only the ones written). When such a retry writes no object and fails
/// the same way, nothing is written: a broken commit polled every 30 s costs no writes and
/// leaves one Failed record.
public struct RolloutExecutor: Sendable {
    /// The cluster synced.
    public let client: any ClusterClient
    /// How it applies, waits and records.
    public let options: RolloutOptions
    let clock: any RolloutClock

    /// An executor; tests pass their own clock.
    public init(client: any ClusterClient, options: RolloutOptions = .default, clock: any RolloutClock = SystemClock())
    {
        self.client = client
        self.options = options
        self.clock = clock
    }

    /// What a sync would do now, without writing (for `gitops-agent diff`): dry runs and reads only.
    public func plan(_ application: Application, objects: [Value]) async throws -> Plan {
        let history = try await history(of: application.name)
        return try await makePlan(application, objects: objects, previousInventory: history.latest?.inventory ?? [])
    }

    /// Applies `objects` (the application's manifests at `commit`) and records the release.
    ///
    /// - Returns: the per-object actions and the release written (see the type's notes).
    /// - Throws: ``RolloutError`` only when reading the cluster or writing a release record
    ///   fails; failed applies and health checks are reported in the result and its record.
    public func sync(
        _ application: Application, objects: [Value], commit: Release.Commit, trigger: Release.Trigger = .commit
    ) async throws -> SyncResult {
        let started = clock.now()
        let history = try await history(of: application.name)
        let previous = history.latest
        let previousInventory = previous?.inventory ?? []
        let plan = try await makePlan(application, objects: objects, previousInventory: previousInventory)
        let retrying = previous.map { $0.result == .failed && $0.commit.sha == commit.sha } ?? false
        var release = Release(
            application: application.name, revision: retrying ? history.latest!.revision : history.nextRevision,
            commit: commit, trigger: retrying && trigger == .commit ? .retry : trigger, started: started,
            message: "applying", inventory: RolloutExecutor.union(previousInventory, plan.inventory))

        if !plan.errors.isEmpty {
            return try await recordRejectedPlan(plan, release: release, history: history)
        }
        if !plan.hasChanges, let previous, previous.result == .succeeded,
            Set(previous.inventory) == Set(plan.inventory)
        {
            return SyncResult(
                application: application.name, entries: plan.entries.map(RolloutExecutor.unwrittenEntry),
                release: nil, previous: previous)
        }

        try await ensureHistoryNamespace()
        try await closeInterrupted(history, by: release.revision)
        if plan.hasChanges {
            try await writeRecord(release)
        }
        var run = Run()
        await apply(plan, into: &run, everyWorkload: retrying)
        if run.failure == nil { await prune(plan, into: &run) }

        release = finished(release, plan: plan, run: run)
        if retrying, !plan.hasChanges, let previous, previous.result == release.result,
            previous.errors == release.errors
        {
            return SyncResult(
                application: application.name, entries: run.entries, release: nil, previous: previous,
                errors: run.failure.map { [$0] } ?? [])
        }
        try await writeRecord(release)
        let kept = history.releases.filter { $0.revision != release.revision }
        let warnings = await enforceHistoryLimit(ReleaseHistory(kept + [release]))
        return SyncResult(
            application: application.name, entries: run.entries, release: release, previous: previous,
            errors: run.failure.map { [$0] } ?? [], warnings: warnings)
    }

    /// The release as the run ended: result, message, actions and inventory. After a failure
    /// the inventory keeps the previous release's objects too (nothing of them was pruned
    /// except what the run deleted), so that a later prune still finds them.
    func finished(_ release: Release, plan: Plan, run: Run) -> Release {
        var release = release
        release.finished = clock.now()
        release.actions = run.entries.map { Release.Action(ref: $0.ref, action: $0.action, message: $0.message) }
        if let failure = run.failure {
            release.result = .failed
            release.message = failure.description
            release.errors = [failure.description]
            release.inventory = release.inventory.filter { !run.pruned.contains($0.key) }
        } else {
            release.result = .succeeded
            release.message = plan.hasChanges ? RolloutExecutor.describe(run.entries) : "no changes"
            release.inventory = plan.inventory
        }
        return release
    }

    /// Progress of one sync: entries so far, the first failure, and what was deleted.
    struct Run {
        var entries: [ChangeEntry] = []
        var failure: RolloutError?
        var pruned: Set<ObjectKey> = []
    }

    /// The entry of an object the sync did not write.
    static func unwrittenEntry(_ entry: PlanEntry) -> ChangeEntry {
        switch entry.action {
        case .skip: return ChangeEntry(ref: entry.ref, action: .skipped, message: entry.reason ?? "")
        default: return ChangeEntry(ref: entry.ref, action: .unchanged)
        }
    }

    /// `2 created, 1 configured, 1 pruned` for the record's message.
    static func describe(_ entries: [ChangeEntry]) -> String {
        let parts = [ChangeAction.created, .configured, .pruned]
            .map { action in (action, entries.filter { $0.action == action }.count) }
            .filter { $0.1 > 0 }
            .map { "\($0.1) \($0.0.rawValue)" }
        return parts.isEmpty ? "no changes" : parts.joined(separator: ", ")
    }

    /// `a` followed by the refs of `b` that `a` lacks (by identity, ignoring API version).
    static func union(_ a: [ObjectRef], _ b: [ObjectRef]) -> [ObjectRef] {
        var seen = Set(a.map(\.key))
        return a + b.filter { seen.insert($0.key).inserted }
    }
}
