import Kube
import KubeEmulator
import Manifests
import Testing

/// Resource lookup over aggregated and legacy discovery, and new kinds after a CRD appears.
@Suite struct DiscoveryTests {
    @Test(arguments: [true, false]) func mapsKindsToResources(aggregated: Bool) async throws {
        let emu = try EmulatorFixture { $0.servesAggregatedDiscovery = aggregated }
        let client = try emu.client()
        let deployments = try await client.resource(for: "apps/v1", kind: "Deployment")
        #expect(deployments.name == "deployments")
        #expect(deployments.namespaced)
        let namespaces = try await client.resource(for: "v1", kind: "Namespace")
        #expect(namespaces.name == "namespaces")
        #expect(!namespaces.namespaced)
        let legacyFetches = emu.requests("GET", "/apis/apps/v1").count
        #expect(legacyFetches == (aggregated ? 0 : 1))
        // Cached: no further discovery request.
        let before = client.requestCount
        _ = try await client.resource(for: "apps/v1", kind: "Deployment")
        #expect(client.requestCount == before)
        let unknown = await #expect(throws: KubeError.self) {
            try await client.resource(for: "example.com/v1", kind: "Widget")
        }
        #expect(unknown?.reason == .unknownKind)
        #expect(unknown?.description.contains("is the CustomResourceDefinition installed") == true)
    }

    @Test func customResourceWorksRightAfterItsCRD() async throws {
        let emu = try EmulatorFixture()
        let client = try emu.client()
        // Fill the cache before the CRD exists.
        _ = try await client.resource(for: "apps/v1", kind: "Deployment")
        let crd: Value = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": "widgets.example.com"],
            "spec": [
                "group": "example.com", "scope": "Namespaced",
                "names": ["plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"],
                "versions": [
                    [
                        "name": "v1", "served": true, "storage": true,
                        "schema": [
                            "openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]
                        ],
                    ]
                ],
            ],
        ]
        try await client.apply(crd, fieldManager: "test")
        let widget: Value = [
            "apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w1", "namespace": "default"],
            "spec": ["size": 3],
        ]
        let applied = try await client.apply(widget, fieldManager: "test")
        #expect(applied[path: ["spec", "size"]] == 3)
        let resource = try await client.resource(for: "example.com/v1", kind: "Widget")
        #expect(resource.name == "widgets")
        #expect(try await client.list(apiVersion: "example.com/v1", kind: "Widget").count == 1)
    }
}
