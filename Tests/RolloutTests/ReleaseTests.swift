import Foundation
import Manifests
import Testing

@testable import Rollout

@Suite struct ReleaseTests {
    static let start = Date(timeIntervalSince1970: 1_796_378_400)  // 2026-12-04T10:00:00Z

    static func release(_ revision: Int, _ result: Release.Result = .succeeded) -> Release {
        Release(
            application: "shop", revision: revision,
            commit: .init(
                sha: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", author: "Ann <ann@example.org>", subject: "Bump web"),
            trigger: .commit, started: start, finished: start.addingTimeInterval(42), result: result,
            message: "1 configured",
            inventory: [
                ObjectRef(group: "apps", version: "v1", kind: "Deployment", namespace: "shop", name: "web"),
                ObjectRef(group: "", version: "v1", kind: "Namespace", namespace: nil, name: "shop"),
            ],
            actions: [
                .init(
                    ref: ObjectRef(group: "apps", version: "v1", kind: "Deployment", namespace: "shop", name: "web"),
                    action: .configured)
            ],
            errors: [],
            steps: [.init(name: "setWeight 20", result: "Succeeded", started: start, values: ["errorRate": 0.01])])
    }

    @Test func recordRoundTripsThroughItsConfigMap() throws {
        let original = Self.release(3)
        let configMap = original.configMap(namespace: "gitops-agent")
        #expect(configMap[path: ["metadata", "name"]] == "shop.r3")
        #expect(configMap[path: ["metadata", "namespace"]] == "gitops-agent")
        #expect(configMap[path: ["metadata", "labels", "gitops-agent.io/app"]] == "shop")
        #expect(configMap[path: ["metadata", "labels", "gitops-agent.io/revision"]] == "3")
        // Through JSON text too, as the cluster returns it.
        let reread = try Release(configMap: try Value(json: configMap.jsonString))
        #expect(reread == original)
        let yaml = try #require(configMap[path: ["data", "release.yaml"]]?.stringValue)
        #expect(
            yaml.hasPrefix("application: shop\nrevision: 3\ncommit:\n  sha: 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b\n")
        )
        #expect(yaml.contains("\nstarted: \"2026-12-04T10:00:00Z\"\n"))
    }

    @Test(arguments: YAMLEmitterTests.trickyStrings + ["Merge branch 'x'\n\nbody: yes\n", "fix: # of pods"])
    func anyCommitSubjectSurvivesTheYAMLRecord(subject: String) throws {
        var release = Self.release(4)
        release.commit.subject = subject
        release.message = subject
        #expect(try Release(configMap: release.configMap(namespace: "gitops-agent")) == release)
    }

    @Test func historyJSONHasTheDocumentedKeys() {
        let json = Self.release(2, .failed).historyJSON
        #expect(
            json.objectValue?.keys.sorted() == [
                "commit", "finished", "message", "result", "revision", "started", "trigger",
            ])
        #expect(json["started"] == "2026-12-04T10:00:00Z")
        #expect(json["finished"] == "2026-12-04T10:00:42Z")
        #expect(json["result"] == "Failed")
        #expect(json["commit"] == "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b")
    }

    @Test func malformedRecordNamesTheConfigMap() {
        let broken: Value = ["metadata": ["name": "shop.r9"], "data": ["release.yaml": "revision: 9\n"]]
        #expect(throws: RolloutError.self) { try Release(configMap: broken) }
        do {
            _ = try Release(configMap: broken)
        } catch let error as RolloutError {
            #expect(error.description.contains("shop.r9"))
            #expect(error.code == .history)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    static let limitCases: [(results: [Release.Result], limit: Int, expired: [Int])] = [
        ([.succeeded, .succeeded, .succeeded], 5, []),
        ([.succeeded, .succeeded, .succeeded, .succeeded], 2, [1, 2]),
        // The newest success is kept beyond the limit: rollback needs it.
        ([.succeeded, .failed, .failed, .failed], 2, [2]),
        ([.failed, .succeeded, .failed, .failed, .failed], 2, [1, 3]),
        ([.succeeded, .succeeded], 0, [1]),
    ]

    @Test(arguments: limitCases)
    func historyLimitSelectsOldestRecords(results: [Release.Result], limit: Int, expired: [Int]) {
        let history = ReleaseHistory(results.enumerated().reversed().map { Self.release($0.offset + 1, $0.element) })
        #expect(history.releases.map(\.revision) == Array(1...results.count))
        #expect(history.expired(limit: limit).map(\.revision) == expired)
    }

    @Test func historyLooksUpByRevisionOrCommit() {
        let history = ReleaseHistory([Self.release(1), Self.release(2, .failed)])
        #expect(history.nextRevision == 3)
        #expect(history.lastSucceeded?.revision == 1)
        #expect(history.release(matching: "1")?.revision == 1)
        #expect(history.release(matching: "1a2b3c")?.revision == 2)
        #expect(history.release(matching: "ffff") == nil)
        #expect(ReleaseHistory([]).nextRevision == 1)
    }
}
