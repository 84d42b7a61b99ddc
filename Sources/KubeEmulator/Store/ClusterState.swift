import Manifests

/// Everything the emulated cluster holds: served types, objects, the change log and the
/// open watches. One value behind one lock (`APIServer.state`), so every request sees a
/// consistent cluster.
struct ClusterState: Sendable {
    /// The last resourceVersion handed out.
    private(set) var revision = 0
    private(set) var types: [String: ResourceType] = [:]
    /// Served group/versions in discovery order (preferred version first within a group).
    private(set) var groupVersions: [(group: String, version: String)] = []
    private var objects: [String: [String: Value]] = [:]
    private var events: [WatchEvent] = []
    private var eventStart = 0
    /// Events up to this revision have been dropped from the log.
    private(set) var compactedRevision = 0
    private let historyLimit: Int
    private var watchers: [Int: Watcher] = [:]
    private var nextWatcherID = 0

    init(historyLimit: Int) {
        self.historyLimit = max(historyLimit, 16)
        for t in BuiltInTypes.all { register(t) }
    }

    // MARK: types

    static func typeKey(group: String, version: String, resource: String) -> String {
        "\(group)/\(version)/\(resource)"
    }

    func type(group: String, version: String, resource: String) -> ResourceType? {
        types[ClusterState.typeKey(group: group, version: version, resource: resource)]
    }

    /// The type serving `kind` in `apiVersion`, used to check bodies and find owners.
    func type(apiVersion: String, kind: String) -> ResourceType? {
        let (group, version) = ObjectRef.split(apiVersion: apiVersion)
        return types.values.first { $0.group == group && $0.version == version && $0.kind == kind }
    }

    func types(group: String, version: String) -> [ResourceType] {
        types.values.filter { $0.group == group && $0.version == version }.sorted { $0.resource < $1.resource }
    }

    mutating func register(_ type: ResourceType) {
        types[ClusterState.typeKey(group: type.group, version: type.version, resource: type.resource)] = type
        if !groupVersions.contains(where: { $0.group == type.group && $0.version == type.version }) {
            groupVersions.append((type.group, type.version))
        }
    }

    /// Replaces the custom types of one CRD (all its served versions; `preferred` first).
    mutating func replaceCustomTypes(group: String, resource: String, with new: [ResourceType]) {
        let stale = types.filter { $0.value.isCustom && $0.value.group == group && $0.value.resource == resource }
        for key in stale.keys { types.removeValue(forKey: key) }
        for t in new {
            types[ClusterState.typeKey(group: t.group, version: t.version, resource: t.resource)] = t
        }
        // Rebuild this group's versions: preferred (first in `new`) first, then other CRDs' versions.
        let remaining = groupVersions.filter { gv in
            gv.group != group || types.values.contains { $0.group == gv.group && $0.version == gv.version }
        }
        var ordered = remaining.filter { $0.group != group }
        var groupEntries = new.map { (group: $0.group, version: $0.version) }
        for gv in remaining where gv.group == group && !groupEntries.contains(where: { $0.version == gv.version }) {
            groupEntries.append(gv)
        }
        var unique: [(group: String, version: String)] = []
        for gv in groupEntries where !unique.contains(where: { $0.version == gv.version }) { unique.append(gv) }
        ordered.append(contentsOf: unique)
        groupVersions = ordered
    }

    // MARK: objects

    static func objectKey(namespace: String?, name: String) -> String { "\(namespace ?? "")/\(name)" }

    func object(_ type: ResourceType, namespace: String?, name: String) -> Value? {
        objects[type.storageKey]?[ClusterState.objectKey(namespace: namespace, name: name)]
    }

    /// Objects of a type, sorted by namespace and name as etcd returns them.
    func list(_ type: ResourceType, namespace: String?) -> [(key: String, value: Value)] {
        guard let bucket = objects[type.storageKey] else { return [] }
        let prefix = namespace.map { "\($0)/" }
        return bucket.filter { prefix == nil || $0.key.hasPrefix(prefix!) }.sorted { $0.key < $1.key }.map {
            (key: $0.key, value: $0.value)
        }
    }

    /// Stores `object` (nil deletes) under a new resourceVersion and tells the watchers.
    /// Returns the stored object, or for deletions the last state with the deletion's RV.
    @discardableResult
    mutating func commit(_ type: ResourceType, namespace: String?, name: String, object: Value?) -> Value {
        revision += 1
        let key = ClusterState.objectKey(namespace: namespace, name: name)
        let old = objects[type.storageKey]?[key]
        let eventType: String
        var stored: Value
        if var object {
            setResourceVersion(&object, revision)
            objects[type.storageKey, default: [:]][key] = object
            stored = object
            eventType = old == nil ? "ADDED" : "MODIFIED"
        } else {
            objects[type.storageKey]?.removeValue(forKey: key)
            stored = old ?? .object(ObjectValue())
            setResourceVersion(&stored, revision)
            eventType = "DELETED"
        }
        record(WatchEvent(revision: revision, storageKey: type.storageKey, type: eventType, object: stored, old: old))
        return stored
    }

    private func setResourceVersion(_ object: inout Value, _ rv: Int) {
        guard case .object(var o) = object else { return }
        var meta = o["metadata"]?.objectValue ?? ObjectValue()
        meta["resourceVersion"] = .string(String(rv))
        o["metadata"] = .object(meta)
        object = .object(o)
    }

    // MARK: events and watches

    private mutating func record(_ event: WatchEvent) {
        if events.count - eventStart >= historyLimit {
            compactedRevision = events[eventStart].revision
            eventStart += 1
            if eventStart > 4096 {
                events.removeFirst(eventStart)
                eventStart = 0
            }
        }
        events.append(event)
        var lines: [String: [UInt8]] = [:]
        for (_, watcher) in watchers where watcher.storageKey == event.storageKey {
            guard let shownType = watcher.view(of: event) else { continue }
            let cacheKey = shownType + " " + watcher.apiVersion + (watcher.tablePrinter == nil ? "" : " table")
            let line = lines[cacheKey] ?? watcher.line(type: shownType, object: event.object)
            lines[cacheKey] = line
            watcher.stream.send(line)
        }
    }

    /// Events after `revision` for a storage key; nil when the log no longer reaches back that far.
    func events(after revision: Int, storageKey: String) -> [WatchEvent]? {
        if revision < compactedRevision { return nil }
        return events[eventStart...].filter { $0.revision > revision && $0.storageKey == storageKey }
    }

    /// Open watches (for tests and diagnostics).
    var watcherCount: Int { watchers.count }

    mutating func addWatcher(_ watcher: Watcher) -> Int {
        nextWatcherID += 1
        watchers[nextWatcherID] = watcher
        return nextWatcherID
    }

    mutating func removeWatcher(_ id: Int) {
        watchers.removeValue(forKey: id)
    }

    /// Ends every watch (server stopping).
    mutating func finishAllWatches() {
        for (_, w) in watchers { w.stream.finish() }
        watchers = [:]
    }
}
