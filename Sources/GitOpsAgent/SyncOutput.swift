import Lint
import Rollout

/// The lines `sync` prints: one per object action, one summary per application.
enum SyncOutput {
    static func report(_ result: SyncResult) -> AppReport {
        let lines =
            result.entries.filter { $0.action != .unchanged }.map(\.description)
            + result.warnings.map {
                "warning: \($0)"
            }
        let outcome: AppReport.Outcome
        if !result.succeeded {
            outcome = .failed
        } else if result.release == nil {
            outcome = .unchanged
        } else {
            outcome = .changed
        }
        return AppReport(application: result.application, outcome: outcome, lines: lines, summary: result.summary)
    }

    /// `--dry-run`: what a sync would do, from the plan.
    static func dryRun(_ plan: Plan, commit: Release.Commit) -> AppReport {
        var lines: [String] = []
        var counts: [(String, Int)] = [
            ("to create", 0), ("to configure", 0), ("to prune", 0), ("unchanged", 0), ("skipped", 0),
        ]
        for entry in plan.entries {
            switch entry.action {
            case .create:
                lines.append("\(entry.ref) would be created")
                counts[0].1 += 1
            case .update:
                lines.append("\(entry.ref) would be configured")
                counts[1].1 += 1
            case .prune:
                lines.append("\(entry.ref) would be pruned")
                counts[2].1 += 1
            case .unchanged:
                counts[3].1 += 1
            case .skip:
                lines.append("\(entry.ref) skipped: \(entry.reason ?? "")")
                counts[4].1 += 1
            }
        }
        lines += plan.errors.map { "error: \($0)" }
        let tally = counts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        let summary = "\(plan.application): dry run at \(commit.shortSHA): \(tally.isEmpty ? "no objects" : tally)"
        let outcome: AppReport.Outcome = !plan.errors.isEmpty ? .failed : (plan.hasChanges ? .changed : .unchanged)
        return AppReport(
            application: plan.application, outcome: outcome, lines: lines,
            summary: plan.errors.isEmpty ? summary : summary + "; \(plan.errors.count) error(s): would fail")
    }

    /// A commit blocked by lint: the findings, then the record's summary.
    static func blocked(_ application: String, findings: [Finding], release: Release) -> AppReport {
        let count = findings.count == 1 ? "1 lint error" : "\(findings.count) lint errors"
        let summary =
            "\(application): revision \(release.revision) Blocked at \(release.commit.shortSHA): \(count); nothing applied"
        return AppReport(
            application: application, outcome: .blocked, lines: findings.map(\.description), summary: summary)
    }

    /// Lint errors found by `diff` or `sync --dry-run`: nothing recorded.
    static func blockedDryRun(_ application: String, findings: [Finding]) -> AppReport {
        AppReport(
            application: application, outcome: .blocked, lines: findings.map(\.description),
            summary: "\(application): would be blocked: \(findings.count) lint error(s)")
    }
}

/// The output of `diff`: unified YAML diffs (Secret values masked), then a summary line.
enum DiffOutput {
    static func report(_ plan: Plan) -> AppReport {
        var lines: [String] = []
        for entry in plan.entries where entry.writes {
            let diff = entry.diff.unified
            if !diff.isEmpty { lines.append(diff.hasSuffix("\n") ? String(diff.dropLast()) : diff) }
        }
        lines += plan.errors.map { "error: \($0)" }
        let create = plan.entries.filter { $0.action == .create }.count
        let update = plan.entries.filter { $0.action == .update }.count
        let prune = plan.entries.filter { $0.action == .prune }.count
        let same = plan.entries.filter { $0.action == .unchanged }.count
        let parts = [(create, "to create"), (update, "to update"), (prune, "to prune")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        let summary: String
        if !plan.errors.isEmpty {
            summary = "\(plan.application): \(plan.errors.count) error(s); a sync would fail"
        } else if parts.isEmpty {
            summary = "\(plan.application): no differences (\(same) objects)"
        } else {
            summary = "\(plan.application): " + (parts + ["\(same) unchanged"]).joined(separator: ", ")
        }
        let outcome: AppReport.Outcome = !plan.errors.isEmpty ? .error : (plan.hasChanges ? .changed : .unchanged)
        return AppReport(application: plan.application, outcome: outcome, lines: lines, summary: summary)
    }
}
