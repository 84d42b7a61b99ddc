import Rollout

/// What the release path did (or would do) for one application: lines to print and how it
/// ended, which decides the exit code.
struct AppReport: Sendable {
    enum Outcome: Sendable, Equatable {
        /// Nothing to do: the cluster matches git.
        case unchanged
        /// Objects were written (or would be, for diff and dry runs) and all went well.
        case changed
        /// The release failed: a Failed record names why.
        case failed
        /// Lint errors kept the commit out of the cluster: a Blocked record names them.
        case blocked
        /// The application could not be processed at all (fetch, manifests, cluster).
        case error
    }

    var application: String
    var outcome: Outcome
    /// Per-object lines (actions, diffs, findings), printed before the summary.
    var lines: [String]
    var summary: String

    static func error(_ application: String, _ error: any Error) -> AppReport {
        let text = (error as? AgentError).map(\.detail) ?? "\(error)"
        return AppReport(
            application: application, outcome: .error, lines: [], summary: "\(application): error: \(text)")
    }
}

extension [AppReport] {
    /// `sync`: 0 when every application succeeded or was unchanged, 1 when a release failed
    /// or was blocked, 2 when one could not be processed.
    var syncExitCode: Int32 {
        if contains(where: { $0.outcome == .error }) { return 2 }
        if contains(where: { $0.outcome == .failed || $0.outcome == .blocked }) { return 1 }
        return 0
    }

    /// `diff`: 0 no differences, 1 differences (or lint errors that would block), 2 error.
    var diffExitCode: Int32 {
        if contains(where: { $0.outcome == .error }) { return 2 }
        if contains(where: { $0.outcome != .unchanged }) { return 1 }
        return 0
    }
}
