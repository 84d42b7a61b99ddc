import Kube
import KubeEmulator
import Manifests
import Testing

/// Watches: event order, resuming after the server closes the stream, re-listing after 410.
@Suite struct WatchTests {
    /// Reads events until `done` says so, from a stream iterated by this task only.
    static func collect(
        _ stream: AsyncThrowingStream<WatchEvent, Error>, until done: @escaping @Sendable ([WatchEvent]) -> Bool
    ) -> Task<[WatchEvent], Error> {
        Task {
            var events: [WatchEvent] = []
            for try await event in stream where event.type != .bookmark {
                events.append(event)
                if done(events) { break }
            }
            return events
        }
    }

    static func names(_ events: [WatchEvent]) -> [String] {
        events.map { "\($0.type.rawValue) \($0.object[path: ["metadata", "name"]]?.stringValue ?? "")" }
    }

    @Test func streamsAddedModifiedDeleted() async throws {
        let emu = try EmulatorFixture()
        let client = try emu.client()
        let (_, version) = try await client.listWithVersion(apiVersion: "v1", kind: "ConfigMap", namespace: "default")
        let stream = client.watch(apiVersion: "v1", kind: "ConfigMap", namespace: "default", resourceVersion: version)
        let events = Self.collect(stream) { $0.count == 3 }
        // The watch request may not be open yet: wait until the emulator saw it.
        try await waitForWatch(emu, count: 1)
        let cm = try await client.create(configMap("w", data: ["a": "1"]))
        try await client.patch(ref(cm), type: .merge, body: ["data": ["a": "2"]])
        try await client.delete(ref(cm))
        let seen = try await events.value
        #expect(Self.names(seen) == ["ADDED w", "MODIFIED w", "DELETED w"])
        #expect(seen[1].object[path: ["data", "a"]] == "2")
        #expect(seen.allSatisfy { $0.object["kind"] == "ConfigMap" })
        let watchRequest = emu.requests("GET", "/api/v1/namespaces/default/configmaps").last {
            $0.query.contains("watch")
        }
        #expect(watchRequest?.query.contains("allowWatchBookmarks=true") == true)
        #expect(watchRequest?.query.contains("resourceVersion=\(version)") == true)
    }

    @Test func resumesFromTheLastVersionWhenTheServerCloses() async throws {
        let emu = try EmulatorFixture()
        let client = try emu.client { $0.watchTimeout = .seconds(1) }
        let stream = client.watch(apiVersion: "v1", kind: "ConfigMap", namespace: "default")
        let events = Self.collect(stream) { $0.contains { $0.object[path: ["metadata", "name"]] == "late" } }
        try await client.create(configMap("early"))
        // After the first watch request timed out, the client must have re-opened it.
        try await waitForWatch(emu, count: 2)
        try await client.create(configMap("late"))
        let seen = try await events.value
        let names = Self.names(seen).filter { $0.hasSuffix("early") || $0.hasSuffix("late") }
        #expect(names == ["ADDED early", "ADDED late"])
        let watches = emu.requests("GET", "/api/v1/namespaces/default/configmaps").filter { $0.query.contains("watch") }
        #expect(watches.count >= 2)
        #expect(watches.dropFirst().allSatisfy { $0.query.contains("resourceVersion=") })
        #expect(client.metrics.relists == 0)
    }

    @Test func relistsWhenTheVersionExpired() async throws {
        // The emulator keeps at least 16 events: 24 writes push the first one out.
        let emu = try EmulatorFixture { $0.watchHistory = 16 }
        let client = try emu.client()
        let first = try await client.create(configMap("old-0"))
        let oldVersion = first[path: ["metadata", "resourceVersion"]]!.stringValue!
        for i in 1..<24 { try await client.create(configMap("old-\(i)")) }
        let stream = client.watch(
            apiVersion: "v1", kind: "ConfigMap", namespace: "default", resourceVersion: oldVersion)
        let events = Self.collect(stream) { $0.contains { $0.object[path: ["metadata", "name"]] == "new" } }
        // The re-list emits all 24 objects as ADDED; then the watch goes on from the list's version.
        try await waitForWatch(emu, count: 2)
        try await client.create(configMap("new"))
        let seen = try await events.value
        let names = Self.names(seen).filter { $0.contains("old-") || $0.hasSuffix("new") }
        #expect(names.sorted() == ((0..<24).map { "ADDED old-\($0)" } + ["ADDED new"]).sorted())
        #expect(names.last == "ADDED new")
        #expect(client.metrics.relists == 1)
    }

    @Test func unknownKindEndsTheStreamWithAnError() async throws {
        let emu = try EmulatorFixture()
        let client = try emu.client()
        let stream = client.watch(apiVersion: "example.com/v1", kind: "Gadget")
        let error = await #expect(throws: KubeError.self) { for try await _ in stream {} }
        #expect(error?.reason == .unknownKind)
        #expect(error?.operation == "watch")
    }
}

/// Polls the emulator's request log until it saw `count` watch requests (the watch is open).
func waitForWatch(_ emu: EmulatorFixture, count: Int) async throws {
    for _ in 0..<400 {
        if emu.server.requestLog().filter({ $0.query.contains("watch=true") }).count >= count { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("the emulator saw fewer than \(count) watch requests")
}
