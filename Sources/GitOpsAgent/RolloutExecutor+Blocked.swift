import Foundation
import Lint
import Manifests
import Rollout

extension RolloutExecutor {
    /// Records that lint errors kept `commit` out of the cluster: a Blocked release naming
    /// every finding, with the previous inventory (so that a later prune still knows what the
    /// agent owns). Touches no object of the application.
    ///
    /// - Returns: the record written, or `nil` when the newest record already blocks the same
    ///   commit for the same findings (a quiet poll writes nothing).
    func recordBlocked(_ application: String, commit: Release.Commit, findings: [Finding]) async throws -> Release? {
        let history = try await history(of: application)
        let messages = findings.map(\.summary)
        if let latest = history.latest, latest.result == .blocked, latest.commit.sha == commit.sha,
            latest.errors == messages
        {
            return nil
        }
        let now = Date()
        let count = findings.count == 1 ? "1 lint error" : "\(findings.count) lint errors"
        let release = Release(
            application: application, revision: history.nextRevision, commit: commit, trigger: .commit, started: now,
            finished: now, result: .blocked, message: "not applied: \(count); first: \(messages[0])",
            inventory: history.latest?.inventory ?? [], errors: messages)
        try await createHistoryNamespaceIfMissing()
        do {
            _ = try await client.apply(
                release.configMap(namespace: options.historyNamespace), fieldManager: options.fieldManager, force: true,
                dryRun: false)
        } catch {
            throw RolloutError(
                .history,
                "release record \(options.historyNamespace)/\(Release.recordName(application: application, revision: release.revision)) (Blocked) could not be written",
                cause: "\(error)")
        }
        for old in ReleaseHistory(history.releases + [release]).expired(limit: options.historyLimit) {
            let name = Release.recordName(application: old.application, revision: old.revision)
            try? await client.delete(
                ObjectRef(group: "", version: "v1", kind: "ConfigMap", namespace: options.historyNamespace, name: name))
        }
        return release
    }

    private func createHistoryNamespaceIfMissing() async throws {
        let ref = ObjectRef(group: "", version: "v1", kind: "Namespace", namespace: nil, name: options.historyNamespace)
        guard try await client.get(ref) == nil else { return }
        let namespace: Value = [
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": [
                "name": .string(options.historyNamespace),
                "labels": [.init(stringLiteral: AgentMetadata.managedByLabel): .string(AgentMetadata.managedByValue)],
            ],
        ]
        _ = try await client.apply(namespace, fieldManager: options.fieldManager, force: true, dryRun: false)
    }
}
