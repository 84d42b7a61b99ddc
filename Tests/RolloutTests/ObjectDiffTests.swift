import Manifests
import Testing

@testable import Rollout

@Suite struct ObjectDiffTests {
    static let ref = ObjectRef(group: "apps", version: "v1", kind: "Deployment", namespace: "dbs", name: "web")

    static func deployment(image: String, replicas: Int = 2) -> Value {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "web", "namespace": "dbs", "labels": ["app": "web"]],
            "spec": [
                "replicas": .int(replicas),
                "template": [
                    "spec": [
                        "containers": [
                            ["name": "sidecar", "image": "envoy:1.30"],
                            ["name": "web", "image": .string(image)],
                        ]
                    ]
                ],
            ],
        ]
    }

    /// Adds what a server writes to `object`.
    static func asStored(_ object: Value, resourceVersion: String) -> Value {
        var o = object
        o["metadata"]?["uid"] = "0a1b"
        o["metadata"]?["resourceVersion"] = .string(resourceVersion)
        o["metadata"]?["generation"] = 3
        o["metadata"]?["creationTimestamp"] = "2026-12-04T10:00:00Z"
        o["metadata"]?["managedFields"] = [["manager": "gitops-agent", "operation": "Apply"]]
        o["metadata"]?["annotations"] = ["kubectl.kubernetes.io/last-applied-configuration": "{}"]
        o["status"] = ["observedGeneration": 3, "replicas": 2]
        return o
    }

    @Test func serverFieldsAreNotDifferences() {
        let live = Self.asStored(Self.deployment(image: "web:1"), resourceVersion: "10")
        let dryRun = Self.asStored(Self.deployment(image: "web:1"), resourceVersion: "11")
        let diff = ObjectDiff(ref: Self.ref, live: live, desired: dryRun)
        #expect(diff.isEmpty)
        #expect(diff.unified == "")
    }

    @Test(arguments: Normalizer.serverMetadata)
    func normalizeDropsServerMetadata(field: String) {
        let normalized = Normalizer.normalize(Self.asStored(Self.deployment(image: "x"), resourceVersion: "1"))
        #expect(normalized["metadata"]?[field] == nil)
        #expect(normalized["status"] == nil)
        #expect(normalized["metadata"]?["annotations"] == nil)
        #expect(normalized["metadata"]?["labels"] == ["app": "web"])
    }

    @Test func containerImageChangeIsNamedByContainer() {
        let diff = ObjectDiff(
            ref: Self.ref, live: Self.deployment(image: "web:1"), desired: Self.deployment(image: "web:2", replicas: 3))
        #expect(
            diff.changes.map(\.description) == [
                "spec.replicas: 2 → 3",
                "spec.template.spec.containers[name=web].image: web:1 → web:2",
            ])
        #expect(diff.unified.hasPrefix("--- live/Deployment/dbs/web\n+++ git/Deployment/dbs/web\n@@ "))
        #expect(diff.unified.contains("\n-  replicas: 2\n+  replicas: 3\n"))
        #expect(diff.unified.contains("\n-          image: web:1\n+          image: web:2\n"))
    }

    static let fieldCases: [(Value, Value, [String])] = [
        (["a": 1], ["a": 1, "b": 2], ["b: (none) → 2"]),
        (["a": 1, "b": 2], ["a": 1], ["b: 2 → (none)"]),
        (["l": [1, 2]], ["l": [1, 3]], ["l[1]: 2 → 3"]),
        (["l": [1, 2]], ["l": [1, 2, 3]], ["l: [1,2] → [1,2,3]"]),
        (
            ["m": ["app.kubernetes.io/name": "a"]], ["m": ["app.kubernetes.io/name": "b"]],
            ["m[\"app.kubernetes.io/name\"]: a → b"]
        ),
        (
            ["c": [["name": "a", "v": 1]]], ["c": [["name": "a", "v": 1], ["name": "b", "v": 2]]],
            ["c[name=b]: (none) → {\"name\":\"b\",\"v\":2}"]
        ),
        (["x": "same"], ["x": "same"], []),
        (
            ["env": [["name": "A"], ["name": "B"]]], ["env": [["name": "B"], ["name": "A"]]],
            ["env: [{\"name\":\"A\"},{\"name\":\"B\"}] → [{\"name\":\"B\"},{\"name\":\"A\"}]"]
        ),
    ]

    @Test(arguments: fieldCases)
    func fieldChanges(old: Value, new: Value, expected: [String]) {
        #expect(FieldChange.changes(from: old, to: new).map(\.description) == expected)
    }

    @Test func secretValuesAreMaskedButChangesShow() {
        let ref = ObjectRef(group: "", version: "v1", kind: "Secret", namespace: "dbs", name: "creds")
        let live: Value = [
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds"],
            "data": ["user": "YWRtaW4=", "password": "b2xk", "gone": "eA=="],
        ]
        let desired: Value = [
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds"],
            "data": ["user": "YWRtaW4=", "password": "bmV3", "token": "dA=="],
        ]
        let diff = ObjectDiff(ref: ref, live: live, desired: desired)
        let text = diff.unified + diff.changes.map(\.description).joined()
        for secret in ["YWRtaW4=", "b2xk", "bmV3", "eA==", "dA=="] {
            #expect(!text.contains(secret))
        }
        #expect(
            diff.changes.map(\.description) == [
                "data.password: *** (old) → *** (new)", "data.token: (none) → ***", "data.gone: *** → (none)",
            ])
        #expect(diff.unified.contains("   user: \"***\"\n"))
        #expect(diff.unified.contains("\n-  password: \"*** (old)\"\n"))
        #expect(diff.unified.contains("\n+  password: \"*** (new)\"\n"))
        #expect(diff.unified.contains("\n-  gone: \"***\"\n"))
    }

    @Test func creationDiffsAgainstNothing() {
        let diff = ObjectDiff(ref: Self.ref, live: nil, desired: Self.deployment(image: "web:1"))
        #expect(diff.unified.hasPrefix("--- /dev/null\n+++ git/Deployment/dbs/web\n@@ -0,0 +1,"))
        #expect(diff.changes.count == 1)
    }
}
