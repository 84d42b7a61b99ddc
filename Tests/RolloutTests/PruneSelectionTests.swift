import Manifests
import Testing

@testable import Rollout

@Suite struct PruneSelectionTests {
    static func ref(_ kind: String, _ name: String, group: String = "", namespace: String? = "shop") -> ObjectRef {
        ObjectRef(group: group, version: "v1", kind: kind, namespace: namespace, name: name)
    }

    static func live(_ ref: ObjectRef, app: String? = "shop", label: Bool = true, annotations: [String: String] = [:])
        -> Value
    {
        var metadata = ObjectValue()
        metadata["name"] = .string(ref.name)
        if label { metadata["labels"] = [AgentMetadata.managedByLabel: "gitops-agent"] }
        var notes = ObjectValue()
        if let app { notes[AgentMetadata.appKey] = .string(app) }
        for (k, v) in annotations { notes[k] = .string(v) }
        metadata["annotations"] = .object(notes)
        return ["apiVersion": .string(ref.apiVersion), "kind": .string(ref.kind), "metadata": .object(metadata)]
    }

    static let gone = ref("ConfigMap", "gone")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var ref: ObjectRef
        var live: Value
        var policy: PrunePolicy = .default
        var expected: PlanAction
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "managed object that left git", ref: gone, live: live(gone), expected: .prune),
        Case(name: "no agent label", ref: gone, live: live(gone, label: false), expected: .skip),
        Case(name: "other application", ref: gone, live: live(gone, app: "billing"), expected: .skip),
        Case(name: "no app annotation", ref: gone, live: live(gone, app: nil), expected: .skip),
        Case(
            name: "prune false annotation", ref: gone,
            live: live(gone, annotations: [AgentMetadata.pruneAnnotation: "false"]), expected: .skip),
        Case(
            name: "prune false wins over opt-ins", ref: ref("Namespace", "old", namespace: nil),
            live: live(ref("Namespace", "old", namespace: nil), annotations: [AgentMetadata.pruneAnnotation: "false"]),
            policy: PrunePolicy(namespaces: true), expected: .skip),
        Case(name: "prune disabled", ref: gone, live: live(gone), policy: .disabled, expected: .skip),
        Case(
            name: "namespace without opt-in", ref: ref("Namespace", "old", namespace: nil),
            live: live(ref("Namespace", "old", namespace: nil)), expected: .skip),
        Case(
            name: "namespace with opt-in", ref: ref("Namespace", "old", namespace: nil),
            live: live(ref("Namespace", "old", namespace: nil)), policy: PrunePolicy(namespaces: true), expected: .prune
        ),
        Case(
            name: "pvc without opt-in", ref: ref("PersistentVolumeClaim", "data"),
            live: live(ref("PersistentVolumeClaim", "data")), expected: .skip),
        Case(
            name: "pvc with opt-in", ref: ref("PersistentVolumeClaim", "data"),
            live: live(ref("PersistentVolumeClaim", "data")), policy: PrunePolicy(persistentVolumeClaims: true),
            expected: .prune),
        Case(
            name: "crd without opt-in",
            ref: ref("CustomResourceDefinition", "w.example.com", group: "apiextensions.k8s.io", namespace: nil),
            live: live(ref("CustomResourceDefinition", "w.example.com", group: "apiextensions.k8s.io", namespace: nil)),
            expected: .skip),
        Case(
            name: "crd with opt-in",
            ref: ref("CustomResourceDefinition", "w.example.com", group: "apiextensions.k8s.io", namespace: nil),
            live: live(ref("CustomResourceDefinition", "w.example.com", group: "apiextensions.k8s.io", namespace: nil)),
            policy: PrunePolicy(customResourceDefinitions: true), expected: .prune),
    ]

    @Test(arguments: cases)
    func decision(_ c: Case) {
        let app = Application(name: "shop", namespace: "shop", prune: c.policy)
        let entries = PruneSelection.select(
            previousInventory: [c.ref], desired: [], live: [c.ref: c.live], application: app)
        #expect(entries.map(\.action) == [c.expected])
        #expect((entries.first?.reason != nil) == (c.expected == .skip))
    }

    @Test func onlyObjectsThatLeftGitAndStillExist() {
        let kept = Self.ref("ConfigMap", "kept")
        let vanished = Self.ref("ConfigMap", "vanished")
        var newVersion = Self.ref("HorizontalPodAutoscaler", "web", group: "autoscaling")
        let oldVersion = ObjectRef(
            group: "autoscaling", version: "v2beta2", kind: newVersion.kind, namespace: "shop", name: "web")
        newVersion.version = "v2"
        let app = Application(name: "shop", namespace: "shop")
        let entries = PruneSelection.select(
            previousInventory: [kept, vanished, Self.gone, oldVersion], desired: [kept, newVersion],
            live: [kept: Self.live(kept), Self.gone: Self.live(Self.gone), oldVersion: Self.live(oldVersion)],
            application: app)
        #expect(entries.map(\.ref) == [Self.gone])
    }

    @Test func pruneOrderIsReverseApplyOrder() {
        let refs = [
            Self.ref("Namespace", "old", namespace: nil), Self.ref("ConfigMap", "c"),
            Self.ref("Deployment", "d", group: "apps"),
            Self.ref("Service", "s"), Self.ref("Ingress", "i", group: "networking.k8s.io"),
        ]
        let app = Application(name: "shop", namespace: "shop", prune: PrunePolicy(namespaces: true))
        let entries = PruneSelection.select(
            previousInventory: refs, desired: [],
            live: Dictionary(uniqueKeysWithValues: refs.map { ($0, Self.live($0)) }),
            application: app)
        #expect(entries.map(\.ref.kind) == ["Ingress", "Deployment", "Service", "ConfigMap", "Namespace"])
    }
}
