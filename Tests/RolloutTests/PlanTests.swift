import Manifests
import Testing

@testable import Rollout

@Suite struct PlanTests {
    static let app = Application(name: "shop", namespace: "shop")

    static func scopes(_ objects: [Value]) -> ResourceScopes {
        var scopes = ResourceScopes.builtIn
        scopes.learnDefinitions(in: objects)
        return scopes
    }

    @Test func applyOrderFollowsPhasesAndWaves() throws {
        let objects = try Fixtures.objects("apps", "shop")
        let (desired, errors) = DesiredObject.prepare(objects, for: Self.app, scopes: Self.scopes(objects))
        #expect(errors.isEmpty)
        #expect(
            desired.map(\.ref.description) == [
                "Namespace/shop",  // wave -1
                "Job/shop/migrate",  // wave -1
                "CustomResourceDefinition/widgets.example.com",
                "ClusterRole/shop-reader",
                "ServiceAccount/shop/web",
                "Secret/shop/creds",
                "ConfigMap/shop/settings",
                "PersistentVolumeClaim/shop/data",
                "Service/shop/web",
                "Deployment/shop/web",
                "Widget/shop/gadget",  // the rest, by group: example.com < networking.k8s.io
                "Ingress/shop/web",
            ])
    }

    @Test func preparationFillsNamespaceAndMarksOwnership() throws {
        let objects = try Fixtures.objects("apps", "shop")
        let (desired, _) = DesiredObject.prepare(objects, for: Self.app, scopes: Self.scopes(objects))
        for object in desired {
            #expect(object.object[path: ["metadata", "labels", AgentMetadata.managedByLabel]] == "gitops-agent")
            #expect(object.object[path: ["metadata", "annotations", AgentMetadata.appKey]] == "shop")
            let namespace = object.object[path: ["metadata", "namespace"]]
            if ["Namespace", "ClusterRole", "CustomResourceDefinition"].contains(object.ref.kind) {
                #expect(namespace == nil && object.ref.namespace == nil, "\(object.ref)")
            } else {
                #expect(namespace == "shop" && object.ref.namespace == "shop", "\(object.ref)")
            }
        }
    }

    static let badObjects: [(Value, String)] = [
        (
            ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "x", "namespace": "other"]],
            "ConfigMap/other/x names namespace other, outside application shop's namespace shop"
        ),
        (
            ["apiVersion": "example.com/v1", "kind": "Gizmo", "metadata": ["name": "g"]],
            "Gizmo/g has a kind the cluster does not serve (example.com/v1)"
        ),
        (
            ["apiVersion": "v1", "kind": "ConfigMap", "metadata": [:]],
            "an object lacks apiVersion, kind or metadata.name"
        ),
        (
            [
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": ["name": "w", "annotations": ["gitops-agent.io/sync-wave": "early"]],
            ],
            "ConfigMap/shop/w has gitops-agent.io/sync-wave: early, which is not an integer"
        ),
    ]

    @Test(arguments: badObjects)
    func invalidObjectsAreErrorsNotGuesses(object: Value, message: String) {
        let (desired, errors) = DesiredObject.prepare([object], for: Self.app, scopes: .builtIn)
        #expect(desired.isEmpty)
        #expect(errors.map(\.description).first?.hasPrefix(message) == true, "\(errors)")
    }

    @Test func allowedNamespacesAndClusterScopedNamespaceField() {
        let app = Application(name: "shop", namespace: "shop", allowedNamespaces: ["shop-canary"])
        let objects: [Value] = [
            ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "x", "namespace": "shop-canary"]],
            ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "shop", "namespace": "junk"]],
        ]
        let (desired, errors) = DesiredObject.prepare(objects, for: app, scopes: .builtIn)
        #expect(errors.isEmpty)
        #expect(desired.map(\.ref.description) == ["Namespace/shop", "ConfigMap/shop-canary/x"])
        #expect(desired[0].object[path: ["metadata", "namespace"]] == nil)
    }

    @Test func duplicateObjectIsAnError() {
        let cm: Value = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "x"]]
        let (desired, errors) = DesiredObject.prepare([cm, cm], for: Self.app, scopes: .builtIn)
        #expect(desired.count == 1)
        #expect(errors.first?.message.contains("defined twice") == true)
    }

    static func prepared(_ objects: [Value]) -> [DesiredObject] {
        DesiredObject.prepare(objects, for: app, scopes: .builtIn).objects
    }

    static func configMap(_ name: String, _ data: Value) -> Value {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)], "data": data]
    }

    @Test func actionsComeFromLiveAndDryRun() {
        let desired = Self.prepared([
            Self.configMap("new", ["a": "1"]), Self.configMap("same", ["a": "1"]),
            Self.configMap("changed", ["a": "2"]),
        ])
        var live: [ObjectRef: Value] = [:]
        var dryRun: [ObjectRef: Value] = [:]
        for object in desired {
            var stored = object.object
            stored["metadata"]?["resourceVersion"] = "7"
            dryRun[object.ref] = stored
            if object.ref.name == "same" { live[object.ref] = stored }
            if object.ref.name == "changed" {
                stored["data"] = ["a": "1"]
                live[object.ref] = stored
            }
        }
        let plan = Plan(application: Self.app, desired: desired, live: live, dryRun: dryRun, previousInventory: [])
        #expect(
            plan.entries.map { "\($0.ref.name) \($0.action.rawValue)" } == [
                "changed update", "new create", "same unchanged",
            ])
        #expect(plan.entries[0].diff.changes.map(\.description) == ["data.a: 1 → 2"])
        #expect(plan.hasChanges)
        #expect(plan.waves.count == 1)
        #expect(plan.unifiedDiff.contains("+++ git/ConfigMap/shop/changed"))
        #expect(!plan.unifiedDiff.contains("same"))
    }

    @Test func objectOfAnotherApplicationIsAnError() {
        let desired = Self.prepared([Self.configMap("shared", ["a": "1"])])
        var live = desired[0].object
        live["metadata"]?["annotations"] = [AgentMetadata.appKey: "billing"]
        let plan = Plan(
            application: Self.app, desired: desired, live: [desired[0].ref: live],
            dryRun: [desired[0].ref: desired[0].object],
            previousInventory: [])
        #expect(plan.entries.isEmpty)
        #expect(
            plan.errors.map(\.description) == [
                "ConfigMap/shop/shared belongs to application billing (annotation gitops-agent.io/app); remove it from one of the two applications"
            ])
    }

    @Test func wavesAreDataForAStepwiseExecutor() {
        var early = Self.configMap("early", [:])
        early["metadata"]?["annotations"] = [AgentMetadata.syncWaveAnnotation: "-2"]
        var late = Self.configMap("late", [:])
        late["metadata"]?["annotations"] = [AgentMetadata.syncWaveAnnotation: "5"]
        let desired = Self.prepared([late, Self.configMap("middle", [:]), early])
        let plan = Plan(application: Self.app, desired: desired, live: [:], dryRun: [:], previousInventory: [])
        #expect(plan.waves.map(\.number) == [-2, 0, 5])
        #expect(plan.waves.map { $0.entries.map(\.ref.name) } == [["early"], ["middle"], ["late"]])
    }
}
