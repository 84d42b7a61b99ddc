import Foundation
import Manifests

extension RolloutExecutor {
    /// Polls every workload among `entries` that this sync created or configured (or, with
    /// `everyWorkload`, all of them) until it is healthy or suspended; fails on the first
    /// degraded one, and on one still not healthy at its deadline: the Deployment's
    /// `progressDeadlineSeconds` (default 600 s) capped by ``RolloutOptions/healthTimeout``.
    func waitForHealth(_ entries: [PlanEntry], into run: inout Run, everyWorkload: Bool) async {
        let written = Set(run.entries.filter { $0.action == .created || $0.action == .configured }.map(\.ref.key))
        let start = clock.now()
        var pending: [(entry: PlanEntry, deadline: Date)] =
            entries
            .filter { (everyWorkload || written.contains($0.ref.key)) && Health.isWaitedFor($0.ref) }
            .map { ($0, start.addingTimeInterval(deadline(for: $0.desired))) }
        while !pending.isEmpty {
            var still: [(entry: PlanEntry, deadline: Date)] = []
            for item in pending {
                let health: HealthResult
                do {
                    health = Health.check(try await client.get(item.entry.ref))
                } catch {
                    health = HealthResult(.unknown, "status could not be read: \(error)")
                }
                switch health.status {
                case .healthy, .suspended:
                    continue
                case .degraded:
                    fail(item.entry.ref, health: health, run: &run)
                    return
                case .progressing, .unknown, .missing:
                    if clock.now() >= item.deadline {
                        let waited = Int(item.deadline.timeIntervalSince(start))
                        fail(item.entry.ref, health: health, waited: waited, run: &run)
                        return
                    }
                    still.append(item)
                }
            }
            pending = still
            if pending.isEmpty { break }
            do {
                try await clock.sleep(for: options.pollInterval)
            } catch {
                run.failure = RolloutError(.unhealthy, "health wait was cancelled", ref: pending.first?.entry.ref)
                return
            }
        }
    }

    /// Seconds to wait for one workload. A Deployment gets its progress deadline plus a grace
    /// of two polls (at least 5 s), so that the controller's own verdict (Degraded, with its
    /// reason) usually arrives before the agent gives up.
    func deadline(for object: Value?) -> TimeInterval {
        let cap = RolloutExecutor.seconds(options.healthTimeout)
        guard object?["kind"]?.stringValue == "Deployment" else { return cap }
        let own = Double(object?[path: ["spec", "progressDeadlineSeconds"]]?.intValue ?? 600)
        let grace = max(5, 2 * RolloutExecutor.seconds(options.pollInterval))
        return min(own + grace, cap)
    }

    /// Marks the object's entry failed with its health and records the failure.
    func fail(_ ref: ObjectRef, health: HealthResult, waited: Int? = nil, run: inout Run) {
        let message =
            waited.map { "not healthy after \($0)s (\(health.status.rawValue): \(health.message))" }
            ?? "is \(health.status.rawValue): \(health.message)"
        run.failure = RolloutError(.unhealthy, message, ref: ref)
        if let index = run.entries.lastIndex(where: { $0.ref.key == ref.key }) {
            let before = run.entries[index].action.rawValue
            run.entries[index] = ChangeEntry(ref: ref, action: .failed, message: "\(before), then \(message)")
        }
    }

    /// Waits until a CRD is Established; the error when it is not within
    /// ``RolloutOptions/definitionTimeout``.
    func waitEstablished(_ definition: ObjectRef) async -> RolloutError? {
        let deadline = clock.now().addingTimeInterval(RolloutExecutor.seconds(options.definitionTimeout))
        while true {
            let health: HealthResult
            do {
                health = Health.check(try await client.get(definition))
            } catch {
                health = HealthResult(.unknown, "status could not be read: \(error)")
            }
            if health.status == .healthy { return nil }
            if health.status == .degraded {
                return RolloutError(.unhealthy, "is Degraded: \(health.message)", ref: definition)
            }
            if clock.now() >= deadline {
                return RolloutError(
                    .unhealthy,
                    "was not Established within \(Int(RolloutExecutor.seconds(options.definitionTimeout)))s: "
                        + health.message,
                    ref: definition)
            }
            do {
                try await clock.sleep(for: options.pollInterval)
            } catch {
                return RolloutError(.unhealthy, "wait for Established was cancelled", ref: definition)
            }
        }
    }

    static func seconds(_ d: Duration) -> TimeInterval {
        let (s, attoseconds) = d.components
        return TimeInterval(s) + TimeInterval(attoseconds) / 1e18
    }
}
