import Kube
import Manifests
import Synchronization
import Testing

/// Watch protocol details the emulator does not show quickly: bookmarks moving the resume
/// version, and a plain HTTP 410 answer, against a scripted server.
@Suite struct WatchProtocolTests {
    static let resourceList =
        #"{"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"configmaps","namespaced":true,"#
        + #""kind":"ConfigMap","verbs":["list","watch"]}]}"#

    static func event(_ type: String, _ name: String, _ rv: Int) -> String {
        #"{"type":"\#(type)","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","#
            + #""namespace":"default","resourceVersion":"\#(rv)"}}}"# + "\n"
    }

    static func bookmark(_ rv: Int) -> String {
        #"{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"\#(rv)"}}}"#
            + "\n"
    }

    static func client(_ server: ScriptedHTTPServer) throws -> KubeClient {
        var options = ClientOptions.default
        options.initialBackoff = .milliseconds(5)
        return try KubeClient(config: ClusterConfig(server: server.url), options: options)
    }

    static func discovery(_ path: String) -> ScriptedHTTPServer.Reply? {
        if path == "/api" { return .respond(status: 200, body: #"{"kind":"APIVersions","versions":["v1"]}"#) }
        if path == "/api/v1" { return .respond(status: 200, body: resourceList) }
        return nil
    }

    @Test func bookmarkVersionIsWhereTheNextWatchStarts() async throws {
        let watches = Mutex<[String]>([])
        let server = try ScriptedHTTPServer(script: { request, _ in
            if let reply = Self.discovery(request.path) { return reply }
            let n = watches.withLock {
                $0.append(request.path)
                return $0.count
            }
            switch n {
            case 1: return .respond(status: 200, body: Self.event("ADDED", "a", 11) + Self.bookmark(50))
            case 2: return .respond(status: 200, body: Self.event("MODIFIED", "a", 51))
            default: return .respond(status: 200, body: "")
            }
        })
        defer { server.stop() }
        let client = try Self.client(server)
        var seen: [String] = []
        for try await event in client.watch(
            apiVersion: "v1", kind: "ConfigMap", namespace: "default", resourceVersion: "10")
        {
            seen.append("\(event.type.rawValue) \(event.resourceVersion ?? "")")
            if event.type == .modified { break }
        }
        #expect(seen == ["ADDED 11", "BOOKMARK 50", "MODIFIED 51"])
        let paths = watches.withLock { $0 }
        #expect(paths[0].contains("resourceVersion=10"))
        #expect(paths[1].contains("resourceVersion=50"))
        #expect(paths[0].contains("allowWatchBookmarks=true"))
    }

    @Test func plainGoneAnswerMakesTheWatchListAgain() async throws {
        let server = try ScriptedHTTPServer(script: { request, _ in
            if let reply = Self.discovery(request.path) { return reply }
            if !request.path.contains("watch=true") {
                return .respond(
                    status: 200,
                    body: #"{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"90"},"#
                        + #""items":[{"metadata":{"name":"x","namespace":"default","resourceVersion":"80"}}]}"#)
            }
            if request.path.contains("resourceVersion=5&") {
                return .respond(
                    status: 410,
                    body: #"{"kind":"Status","status":"Failure","reason":"Expired","code":410,"message":"too old"}"#)
            }
            if request.path.contains("resourceVersion=90&") {
                return .respond(status: 200, body: Self.event("DELETED", "x", 91))
            }
            return .respond(status: 200, body: "")
        })
        defer { server.stop() }
        let client = try Self.client(server)
        var seen: [String] = []
        for try await event in client.watch(
            apiVersion: "v1", kind: "ConfigMap", namespace: "default", resourceVersion: "5")
        {
            seen.append("\(event.type.rawValue) \(event.object[path: ["metadata", "name"]]?.stringValue ?? "")")
            if event.type == .deleted { break }
        }
        #expect(seen == ["ADDED x", "DELETED x"])
        #expect(client.metrics.relists == 1)
    }

    @Test func droppedWatchConnectionIsOpenedAgain() async throws {
        let watches = Atomic<Int>(0)
        let server = try ScriptedHTTPServer(
            closeAfterResponse: true,
            script: { request, _ in
                if let reply = Self.discovery(request.path) { return reply }
                if watches.add(1, ordering: .relaxed).newValue == 1 { return .drop }
                return .respond(status: 200, body: Self.event("ADDED", "after-drop", 21))
            })
        defer { server.stop() }
        let client = try Self.client(server)
        var seen: [String] = []
        for try await event in client.watch(
            apiVersion: "v1", kind: "ConfigMap", namespace: "default", resourceVersion: "20")
        {
            seen.append(event.object[path: ["metadata", "name"]]?.stringValue ?? "")
            break
        }
        #expect(seen == ["after-drop"])
        #expect(client.metrics.retries == 1)
        // The dropped request and its retry both start at 20 (a later re-open may follow from 21).
        let watchPaths = server.requests.map(\.path).filter { $0.contains("watch=true") }
        #expect(watchPaths.count >= 2)
        #expect(watchPaths.prefix(2).allSatisfy { $0.contains("resourceVersion=20") })
    }

    @Test func serverErrorEventEndsTheStream() async throws {
        let server = try ScriptedHTTPServer(script: { request, _ in
            if let reply = Self.discovery(request.path) { return reply }
            let status = #"{"kind":"Status","status":"Failure","reason":"Forbidden","code":403,"message":"no watch"}"#
            return .respond(status: 200, body: #"{"type":"ERROR","object":\#(status)}"# + "\n")
        })
        defer { server.stop() }
        let client = try Self.client(server)
        let stream = client.watch(apiVersion: "v1", kind: "ConfigMap", namespace: "default", resourceVersion: "1")
        let error = await #expect(throws: KubeError.self) { for try await _ in stream {} }
        #expect(error?.reason == .forbidden)
        #expect(
            error?.description.contains("ConfigMap in namespace default: watch failed (Forbidden): no watch") == true)
    }
}
