import Foundation
import Spawn
import Testing

@testable import Lint

@Suite struct SchemaStoreTests {
    let store: SchemaStore

    init() throws {
        store = try SchemaStore.bundled()
    }

    @Test func coversKubernetes125To137() {
        #expect(store.versions == KubernetesVersion(minor: 25)...KubernetesVersion(minor: 37))
    }

    @Test(arguments: [
        ("apps/v1", "Deployment", 25, true),
        ("batch/v1", "CronJob", 37, true),
        ("autoscaling/v2beta2", "HorizontalPodAutoscaler", 25, true),
        ("autoscaling/v2beta2", "HorizontalPodAutoscaler", 26, false),
        ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 31, true),
        ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 32, false),
        ("storage.k8s.io/v1beta1", "CSIStorageCapacity", 27, false),
    ])
    func servedVersions(apiVersion: String, kind: String, minor: Int, served: Bool) throws {
        let info = try #require(store.kind(apiVersion: apiVersion, kind: kind))
        #expect(info.isServed(in: KubernetesVersion(minor: minor)) == served)
    }

    @Test func decodesDeploymentSchemaWithReferences() throws {
        let info = try #require(store.kind(apiVersion: "apps/v1", kind: "Deployment"))
        let version = KubernetesVersion(minor: 37)
        let root = try #require(store.rootSchema(of: info, in: version))
        #expect(root.kind == .object)
        #expect(root.name == "Deployment")
        let spec = store.resolve(try #require(root.properties["spec"]), version: version)
        #expect(spec.name == "DeploymentSpec")
        #expect(spec.required.contains("selector"))
        let template = store.resolve(try #require(spec.properties["template"]), version: version)
        let podSpec = store.resolve(try #require(template.properties["spec"]), version: version)
        let containers = store.resolve(try #require(podSpec.properties["containers"]), version: version)
        #expect(containers.kind == .array)
        #expect(containers.listMapKeys == ["name"])
        let container = store.resolve(try #require(containers.items), version: version)
        let policy = store.resolve(try #require(container.properties["imagePullPolicy"]), version: version)
        #expect(policy.enumValues.sorted() == ["Always", "IfNotPresent", "Never"])
        let ports = store.resolve(try #require(container.properties["ports"]), version: version)
        let port = store.resolve(try #require(ports.items), version: version)
        let containerPort = store.resolve(try #require(port.properties["containerPort"]), version: version)
        #expect(containerPort.kind == .integer && containerPort.format == .int32)
        if case .closed = container.additional {} else { Issue.record("Container must reject unknown fields") }
    }

    @Test func intOrStringAndQuantityKeepTheirKinds() throws {
        let version = KubernetesVersion(minor: 30)
        let strategy = try #require(
            store.definition(named: "io.k8s.api.apps.v1.RollingUpdateDeployment", in: version))
        #expect(store.resolve(try #require(strategy.properties["maxSurge"]), version: version).kind == .intOrString)
        let requirements = try #require(store.definition(named: "io.k8s.api.core.v1.ResourceRequirements", in: version))
        let limits = store.resolve(try #require(requirements.properties["limits"]), version: version)
        guard case .schema(let value) = limits.additional else {
            Issue.record("limits must be a map of quantities")
            return
        }
        #expect(store.resolve(value, version: version).kind == .quantity)
    }

    @Test func rejectsACorruptFile() {
        #expect(throws: SchemaError.self) { try SchemaStore(bytes: [UInt8](repeating: 7, count: 100)) }
        #expect(throws: SchemaError.self) { try SchemaStore(bytes: [1, 2, 3]) }
    }

    /// The committed data is what `scripts/gen-schemas` makes from the installed
    /// kubernetes-validate package (run the script after upgrading that package).
    @Test func committedDataMatchesTheGenerator() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("schemas-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try Spawn.run(
            "python3", [root.appendingPathComponent("scripts/gen-schemas").path, "--output", output.path],
            timeout: .seconds(300))
        #expect(
            result.status == 0,
            "scripts/gen-schemas failed; is kubernetes-validate installed (make setup)? \(result.stderrText)")
        let generated = try Data(contentsOf: output)
        let committed = try Data(
            contentsOf: root.appendingPathComponent("Sources/Lint/Resources/kubernetes-schemas.bin"))
        #expect(
            generated == committed, "Sources/Lint/Resources/kubernetes-schemas.bin is stale: run scripts/gen-schemas")
    }
}

@Suite struct KubernetesVersionTests {
    @Test(arguments: [("1.37", 37), ("v1.30", 30), ("1.29.4", 29), ("v1.25.0", 25)])
    func parses(text: String, minor: Int) {
        #expect(KubernetesVersion(text)?.minor == minor)
    }

    @Test(arguments: ["", "2.1", "1", "1.x", "v1.30.x", "1.30.1.2", "latest"])
    func rejects(text: String) {
        #expect(KubernetesVersion(text) == nil)
    }
}
