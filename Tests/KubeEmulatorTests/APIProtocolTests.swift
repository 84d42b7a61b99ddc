import Foundation
import Manifests
import Testing

@testable import KubeEmulator

/// Wire behaviour kubectl does not exercise: watch resume and expiry, bookmarks, paging,
/// dry-run create, no-op updates, content types, delete options, the request log.
@Suite(.serialized) struct APIProtocolTests {
    let server: EmulatorServer
    let raw: RawClient
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    init() throws {
        var options = EmulatorOptions.default
        options.watchHistory = 16
        options.bookmarkSeconds = 0.3
        server = try EmulatorServer(options: options)
        try server.start()
        raw = try RawClient(server)
    }

    private func create(_ name: String, labels: String = "{}") throws -> Value {
        let reply = try raw.request(
            "POST", Self.configMaps,
            body: "{\"metadata\":{\"name\":\"\(name)\",\"labels\":\(labels)},\"data\":{\"k\":\"v\"}}",
            contentType: nil)
        #expect(reply.status == 201, "\(reply.body)")
        return reply.json ?? .null
    }

    @Test func createWithoutContentTypeOrKindIsDefaultedFromTheURL() throws {
        defer { server.stop() }
        let object = try create("plain")
        #expect(object["kind"] == "ConfigMap")
        #expect(object["apiVersion"] == "v1")
        #expect(object[path: ["metadata", "namespace"]] == "default")
        let again = try raw.request(
            "POST", Self.configMaps, body: "{\"metadata\":{\"name\":\"plain\"}}", contentType: nil)
        #expect(again.status == 409)
        #expect(again.json?["reason"] == "AlreadyExists")
        #expect(again.json?[path: ["details", "kind"]] == "configmaps")
    }

    @Test func dryRunCreateHasNoResourceVersionAndStoresNothing() throws {
        defer { server.stop() }
        let reply = try raw.request("POST", Self.configMaps + "?dryRun=All", body: "{\"metadata\":{\"name\":\"dry\"}}")
        #expect(reply.status == 201)
        #expect(reply.json?[path: ["metadata", "resourceVersion"]] == nil)
        #expect(reply.json?[path: ["metadata", "uid"]]?.stringValue?.isEmpty == false)
        #expect(try raw.request("GET", Self.configMaps + "/dry").status == 404)
        #expect(!(server.requestLog().last?.isWrite ?? true), "dry runs are not writes")
    }

    @Test func updateWithoutChangesKeepsTheResourceVersion() throws {
        defer { server.stop() }
        let object = try create("same")
        let rv = object[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
        let put = try raw.request("PUT", Self.configMaps + "/same", body: object.jsonString)
        #expect(put.status == 200)
        #expect(put.json?[path: ["metadata", "resourceVersion"]]?.stringValue == rv)
        var changed = object
        changed["data"] = ["k": "w"]
        let changedPut = try raw.request("PUT", Self.configMaps + "/same", body: changed.jsonString)
        #expect(changedPut.json?[path: ["metadata", "resourceVersion"]]?.stringValue != rv)
        let stale = try raw.request("PUT", Self.configMaps + "/same", body: changed.jsonString)
        #expect(stale.status == 409)
        #expect(stale.json?["reason"] == "Conflict")
    }

    @Test func listPagesCarryContinueAndRemainingCount() throws {
        defer { server.stop() }
        for name in ["p1", "p2", "p3"] { _ = try create(name) }
        let first = try raw.request("GET", Self.configMaps + "?limit=2")
        let meta = first.json?["metadata"]
        #expect(first.json?["kind"] == "ConfigMapList")
        #expect(first.json?["items"]?.arrayValue?.count == 2)
        #expect(first.json?["items"]?.arrayValue?.first?["kind"] == nil, "built-in list items carry no kind")
        #expect(meta?["remainingItemCount"] == 2)
        let token = meta?["continue"]?.stringValue ?? ""
        let second = try raw.request("GET", Self.configMaps + "?limit=2&continue=\(percentEncode(token))")
        let names = (second.json?["items"]?.arrayValue ?? []).compactMap {
            $0[path: ["metadata", "name"]]?.stringValue
        }
        #expect(names == ["p2", "p3"])
        #expect(second.json?[path: ["metadata", "continue"]] == nil)
        #expect(second.json?[path: ["metadata", "resourceVersion"]] == meta?["resourceVersion"])
    }

    @Test func watchFromZeroSendsSyntheticAddedThenEnds() throws {
        defer { server.stop() }
        _ = try create("w1")
        let reply = try raw.request("GET", Self.configMaps + "?watch=true&resourceVersion=0&timeoutSeconds=1")
        #expect(reply.status == 200)
        let types = reply.events.map { $0["type"]?.stringValue ?? "" }
        #expect(types == ["ADDED", "ADDED"], "kube-root-ca.crt and w1: \(reply.body)")
        #expect(reply.events.first?[path: ["object", "kind"]] == "ConfigMap")
        #expect(reply.body.hasSuffix("\n"))
    }

    @Test func watchFromAResourceVersionReplaysLaterChangesOnly() throws {
        defer { server.stop() }
        let first = try create("r1")
        let rv = first[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
        _ = try create("r2")
        _ = try raw.request("DELETE", Self.configMaps + "/r1")
        let reply = try raw.request("GET", Self.configMaps + "?watch=1&resourceVersion=\(rv)&timeoutSeconds=1")
        let seen = reply.events.map {
            "\($0["type"]?.stringValue ?? "") \($0[path: ["object", "metadata", "name"]]?.stringValue ?? "")"
        }
        #expect(seen == ["ADDED r2", "DELETED r1"], "\(reply.body)")
    }

    @Test func expiredResourceVersionGivesAnErrorEvent() throws {
        defer { server.stop() }
        for i in 0..<20 { _ = try create("e\(i)") }
        let reply = try raw.request("GET", Self.configMaps + "?watch=true&resourceVersion=2&timeoutSeconds=5")
        #expect(reply.status == 200)
        #expect(reply.events.count == 1)
        let event = reply.events.first
        #expect(event?["type"] == "ERROR")
        #expect(event?[path: ["object", "code"]] == 410)
        #expect(event?[path: ["object", "reason"]] == "Expired")
        #expect(event?[path: ["object", "message"]]?.stringValue?.hasPrefix("too old resource version: 2 (") == true)
    }

    @Test func bookmarksOnlyWhenAsked() throws {
        defer { server.stop() }
        let plain = try raw.request("GET", Self.configMaps + "?watch=true&resourceVersion=0&timeoutSeconds=1")
        #expect(!plain.body.contains("BOOKMARK"))
        let asked = try raw.request(
            "GET", Self.configMaps + "?watch=true&resourceVersion=0&allowWatchBookmarks=true&timeoutSeconds=1")
        let bookmark = asked.events.first { $0["type"] == "BOOKMARK" }
        #expect(bookmark?[path: ["object", "kind"]] == "ConfigMap")
        #expect(bookmark?[path: ["object", "metadata", "resourceVersion"]]?.stringValue?.isEmpty == false)
    }

    @Test func protobufBodiesAreRefusedWithUnsupportedMediaType() throws {
        defer { server.stop() }
        let reply = try raw.request(
            "POST", Self.configMaps, body: "k8s\u{0}", contentType: "application/vnd.kubernetes.protobuf")
        #expect(reply.status == 415)
        #expect(reply.json?["reason"] == "UnsupportedMediaType")
    }

    @Test func yamlBodiesAreAcceptedForCreateAndApply() throws {
        defer { server.stop() }
        let created = try raw.request(
            "POST", Self.configMaps, body: "metadata:\n  name: from-yaml\ndata:\n  k: v\n",
            contentType: "application/yaml")
        #expect(created.status == 201, "\(created.body)")
        let applied = try raw.request(
            "PATCH", Self.configMaps + "/applied?fieldManager=test",
            body: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: v\n",
            contentType: "application/apply-patch+yaml")
        #expect(applied.status == 201, "\(applied.body)")
        #expect(applied.json?[path: ["metadata", "managedFields"]]?.arrayValue?.first?["manager"] == "test")
        let noManager = try raw.request(
            "PATCH", Self.configMaps + "/applied", body: "{}", contentType: "application/apply-patch+yaml")
        #expect(noManager.status == 422)
    }

    @Test func deletePropagationFromTheQueryAndFinalizers() throws {
        defer { server.stop() }
        _ = try raw.request(
            "POST", Self.configMaps, body: "{\"metadata\":{\"name\":\"held\",\"finalizers\":[\"example.com/x\"]}}")
        let deleted = try raw.request("DELETE", Self.configMaps + "/held?propagationPolicy=Foreground")
        #expect(deleted.status == 200)
        #expect(deleted.json?[path: ["metadata", "deletionTimestamp"]] != nil)
        let finalizers = deleted.json?[path: ["metadata", "finalizers"]]?.arrayValue ?? []
        #expect(finalizers.contains("foregroundDeletion"), "\(finalizers)")
        let released = try raw.request(
            "PATCH", Self.configMaps + "/held", body: "{\"metadata\":{\"finalizers\":[\"foregroundDeletion\"]}}",
            contentType: "application/merge-patch+json")
        #expect(released.status == 200)
        #expect(try raw.request("GET", Self.configMaps + "/held").status == 404, "the GC finishes foreground deletion")

        _ = try create("quick")
        let status = try raw.request(
            "DELETE", Self.configMaps + "/quick", body: "{\"propagationPolicy\":\"Background\"}")
        #expect(status.json?["kind"] == "Status")
        #expect(status.json?["status"] == "Success")
        #expect(status.json?[path: ["details", "kind"]] == "configmaps")
    }

    @Test func requestLogRecordsWhatWasAsked() throws {
        defer { server.stop() }
        server.clearRequestLog()
        _ = try create("logged")
        _ = try raw.request("GET", Self.configMaps + "/logged?resourceVersion=0")
        let log = server.requestLog()
        #expect(log.map(\.method) == ["POST", "GET"])
        #expect(log.first?.isWrite == true)
        #expect(log.first?.status == 201)
        #expect(log.last?.query == "resourceVersion=0")
        #expect(log.last?.userAgent.hasPrefix("curl/") == true)
    }

    @Test func latencyFaultDelaysWithoutFailing() throws {
        defer { server.stop() }
        server.addFault(Fault(method: "GET", pathPrefix: "/version", kind: .latency(seconds: 0.3)))
        let start = Date()
        let reply = try raw.request("GET", "/version")
        #expect(reply.status == 200)
        #expect(reply.json?["minor"] == "32")
        #expect(Date().timeIntervalSince(start) >= 0.3)
    }
}
