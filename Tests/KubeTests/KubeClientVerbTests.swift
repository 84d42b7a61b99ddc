import Kube
import KubeEmulator
import Manifests
import Testing

/// Every verb against the emulator on loopback.
@Suite struct KubeClientVerbTests {
    @Test func createGetUpdateDelete() async throws {
        let emu = try EmulatorFixture()
        let client = try emu.client()
        let created = try await client.create(configMap("demo", data: ["a": "1"]))
        #expect(created[path: ["metadata", "uid"]]?.stringValue?.isEmpty == false)
        let again = await #expect(throws: KubeError.self) { try await client.create(configMap("demo")) }
        #expect(again?.reason == .alreadyExists)
        #expect(again?.description.hasPrefix("ConfigMap/default/demo: create failed (AlreadyExists)") == true)

        var live = try await client.get(ref(created))
        #expect(live[path: ["data", "a"]] == "1")
        live["data"] = ["a": "2"]
        let updated = try await client.update(live)
        #expect(updated[path: ["data", "a"]] == "2")
        // The resourceVersion in `live` is stale now.
        let stale = await #expect(throws: KubeError.self) { try await client.update(live) }
        #expect(stale?.reason == .conflict)
        #expect(stale?.description.contains("read it again and retry") == true)

        let wrongUID = await #expect(throws: KubeError.self) {
            try await client.delete(ref(created), preconditions: DeletePreconditions(uid: "not-the-uid"))
        }
        #expect(wrongUID?.reason == .conflict)
        try await client.delete(ref(created))
        let gone = await #expect(throws: KubeError.self) { try await client.get(ref(created)) }
        #expect(gone?.reason == .notFound)
        #expect(gone?.code == 404)
    }

    @Test func serverSideApplyConflictsAndForce() async throws {
        let emu = try EmulatorFixture()
        let client = try emu.client()
        let web = deployment("web", replicas: 2)
        let first = try await client.apply(web, fieldManager: "gitops-agent")
        #expect(first[path: ["spec", "replicas"]] == 2)
        #expect(
            emu.requests("PATCH", "/apis/apps/v1/namespaces/default/deployments/web").first?.contentType
                == "application/apply-patch+yaml")

        let other = deployment("web", replicas: 5)
        let conflict = await #expect(throws: KubeError.self) { try await client.apply(other, fieldManager: "intruder") }
        #expect(conflict?.reason == .conflict)
        #expect(conflict?.conflictingFields == [".spec.replicas"])
        #expect(conflict?.description.hasPrefix("Deployment/default/web: apply failed (Conflict): ") == true)
        #expect(
            conflict?.description.hasSuffix(
                "another field manager owns .spec.replicas — re-run with force or remove the field") == true)

        let dry = try await client.apply(other, fieldManager: "intruder", force: true, dryRun: true)
        #expect(dry[path: ["spec", "replicas"]] == 5)
        #expect(try await client.get(ref(web))[path: ["spec", "replicas"]] == 2)

        let forced = try await client.apply(other, fieldManager: "intruder", force: true)
        #expect(forced[path: ["spec", "replicas"]] == 5)
        #expect(emu.requests("PATCH", "/apis/apps/v1").last?.query.contains("force=true") == true)
    }

    @Test func patchTypes() async throws {
        let emu = try EmulatorFixture()
        let client = try emu.client()
        let cm = try await client.create(configMap("p", data: ["a": "1"]))
        let merged = try await client.patch(ref(cm), type: .merge, body: ["data": ["b": "2"]])
        #expect(merged["data"] == ["a": "1", "b": "2"])
        let json = try await client.patch(
            ref(cm), type: .json, body: [["op": "replace", "path": "/data/a", "value": "3"]])
        #expect(json[path: ["data", "a"]] == "3")
        let web = try await client.create(deployment("web", replicas: 1))
        let strategic = try await client.patch(
            ref(web), type: .strategic,
            body: ["spec": ["template": ["spec": ["containers": [["name": "c", "image": "nginx:1.28"]]]]]])
        #expect(strategic[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.count == 1)
        #expect(
            strategic[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"] == "nginx:1.28")
        let types = emu.server.requestLog().filter { $0.method == "PATCH" }.map(\.contentType)
        #expect(
            types == [
                "application/merge-patch+json", "application/json-patch+json",
                "application/strategic-merge-patch+json",
            ])
    }

    @Test func statusAndScaleSubresources() async throws {
        let emu = try EmulatorFixture()
        let client = try emu.client()
        let web = try await client.apply(deployment("web", replicas: 2), fieldManager: "test")
        var withStatus = try await client.getStatus(ref(web))
        withStatus["status"] = ["observedGeneration": 1, "replicas": 2, "readyReplicas": 2]
        let written = try await client.updateStatus(withStatus)
        #expect(written[path: ["status", "readyReplicas"]] == 2)
        #expect(try await client.get(ref(web))[path: ["status", "readyReplicas"]] == 2)

        let scale = try await client.scale(ref(web), replicas: 4)
        #expect(scale["kind"] == "Scale")
        #expect(scale[path: ["spec", "replicas"]] == 4)
        #expect(try await client.getScale(ref(web))[path: ["spec", "replicas"]] == 4)
        #expect(try await client.get(ref(web))[path: ["spec", "replicas"]] == 4)
    }

    @Test func listFollowsContinueTokensAndSelectors() async throws {
        let emu = try EmulatorFixture()
        let client = try emu.client()
        for i in 0..<7 { try await client.create(configMap("item-\(i)", labels: ["set": i % 2 == 0 ? "even" : "odd"])) }
        emu.server.clearRequestLog()
        let all = try await client.list(apiVersion: "v1", kind: "ConfigMap", namespace: "default", limit: 3)
        let names = all.compactMap { $0[path: ["metadata", "name"]]?.stringValue }.filter { $0.hasPrefix("item-") }
        #expect(names.sorted() == (0..<7).map { "item-\($0)" })
        #expect(all.allSatisfy { $0["kind"] == "ConfigMap" && $0["apiVersion"] == "v1" })
        let pages = emu.requests("GET", "/api/v1/namespaces/default/configmaps")
        #expect(pages.count == (all.count + 2) / 3)
        #expect(pages.dropFirst().allSatisfy { $0.query.contains("continue=") })

        let even = try await client.list(apiVersion: "v1", kind: "ConfigMap", labelSelector: "set=even")
        #expect(even.count == 4)
        let named = try await client.list(
            apiVersion: "v1", kind: "ConfigMap", namespace: "default", fieldSelector: "metadata.name=item-3")
        #expect(named.map { $0[path: ["metadata", "name"]] } == ["item-3"])
    }

    @Test func forbiddenFromTheServer() async throws {
        let emu = try EmulatorFixture()
        let client = try emu.client()
        emu.server.addFault(
            Fault(
                method: "GET", pathPrefix: "/api/v1/namespaces/default/secrets",
                kind: .forbidden(verb: "list", resource: "secrets")))
        let error = await #expect(throws: KubeError.self) {
            try await client.list(apiVersion: "v1", kind: "Secret", namespace: "default")
        }
        #expect(error?.reason == .forbidden)
        #expect(error?.code == 403)
        #expect(error?.description.contains("Secret in namespace default: list failed (Forbidden)") == true)
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let emu = try EmulatorFixture()
        let client = try emu.client()
        let cm = try await client.create(configMap("reuse"))
        for _ in 0..<50 { _ = try await client.get(ref(cm)) }
        #expect(client.metrics.connections == 1)
        #expect(client.requestCount >= 51)
    }
}
