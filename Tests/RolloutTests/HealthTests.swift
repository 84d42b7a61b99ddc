import Manifests
import Testing

@testable import Rollout

@Suite struct HealthTests {
    static let expected: [(String, HealthStatus)] = [
        ("configmap-plain", .healthy),
        ("crd-established", .healthy),
        ("crd-names-rejected", .degraded),
        ("crd-pending", .progressing),
        ("daemonset-healthy", .healthy),
        ("daemonset-old-generation", .progressing),
        ("daemonset-rolling", .progressing),
        ("daemonset-unavailable", .progressing),
        ("deployment-deadline-exceeded", .degraded),
        ("deployment-healthy", .healthy),
        ("deployment-no-status", .progressing),
        ("deployment-old-generation", .progressing),
        ("deployment-old-replicas-pending", .progressing),
        ("deployment-paused", .suspended),
        ("deployment-progressing", .progressing),
        ("deployment-terminating", .progressing),
        ("deployment-unavailable", .progressing),
        ("job-complete", .healthy),
        ("job-failed", .degraded),
        ("job-running", .progressing),
        ("job-suspended", .suspended),
        ("pvc-bound", .healthy),
        ("pvc-lost", .degraded),
        ("pvc-pending", .progressing),
        ("replicaset-healthy", .healthy),
        ("replicaset-progressing", .progressing),
        ("replicaset-replica-failure", .degraded),
        ("statefulset-healthy", .healthy),
        ("statefulset-not-ready", .progressing),
        ("statefulset-old-generation", .progressing),
        ("statefulset-on-delete", .healthy),
        ("statefulset-partitioned", .healthy),
        ("statefulset-rolling", .progressing),
    ]

    @Test(arguments: expected)
    func statusOfFixture(name: String, status: HealthStatus) throws {
        let result = Health.check(try Fixtures.object("health", name))
        #expect(result.status == status, "health/\(name).yaml: \(result)")
        #expect(!result.message.isEmpty || status == .healthy)
    }

    @Test func everyFixtureHasAnExpectation() throws {
        #expect(try Fixtures.names(in: "health") == HealthTests.expected.map(\.0).sorted())
    }

    @Test(arguments: [
        ("deployment-deadline-exceeded", "exceeded its progress deadline: ReplicaSet \"web-7d9c\" has timed out"),
        ("deployment-progressing", "2 out of 3 new replicas have been updated"),
        ("deployment-old-replicas-pending", "1 old replicas are pending termination"),
        ("deployment-unavailable", "1 of 3 updated replicas are available"),
        ("deployment-old-generation", "spec update to be observed"),
        ("statefulset-not-ready", "waiting for 2 pods to be ready"),
        ("statefulset-rolling", "rolling update to complete (revision db-6a1b)"),
        ("job-failed", "BackoffLimitExceeded: Job has reached the specified backoff limit"),
        ("crd-names-rejected", "\"widgets\" is already in use"),
    ])
    func messageSaysWhy(name: String, fragment: String) throws {
        let result = Health.check(try Fixtures.object("health", name))
        #expect(result.message.contains(fragment), "\(result.message)")
    }

    @Test func missingObjectIsMissing() {
        #expect(Health.check(nil).status == .missing)
    }

    @Test func rankingPutsWorseLater() {
        #expect(HealthStatus.healthy < .suspended)
        #expect(HealthStatus.suspended < .progressing)
        #expect(HealthStatus.progressing < .missing)
        #expect(HealthStatus.missing < .degraded)
        #expect([HealthStatus.healthy, .degraded, .progressing].max() == .degraded)
    }
}
