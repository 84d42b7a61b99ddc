import Foundation
import Manifests

/// get, list (selectors, pagination, Table) and watch.
extension APIServer {
    /// The object as clients see it at this type's version.
    func present(_ object: Value, as type: ResourceType) -> Value {
        guard type.isCustom, object["apiVersion"]?.stringValue != type.apiVersion else { return object }
        var shown = object
        shown["apiVersion"] = .string(type.apiVersion)
        return shown
    }

    func get(_ call: ResourceCall) throws(APIError) -> HTTPResponse {
        let name = call.name!
        let object = try state.withLock { cluster throws(APIError) -> Value in
            guard let o = cluster.object(call.type, namespace: call.namespace, name: name) else {
                throw APIError.notFound(call.type, name: name)
            }
            return o
        }
        let shown = present(object, as: call.type)
        if call.wantsTable {
            let printer = TablePrinter(type: call.type, now: Date())
            return .json(
                printer.table(
                    [shown], resourceVersion: shown[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""))
        }
        return .json(shown)
    }

    private struct Selection {
        var labels: LabelSelector?
        var fields: FieldSelector?

        init(_ call: ResourceCall) throws(APIError) {
            let labelText = call.request.queryValue("labelSelector") ?? ""
            if !labelText.isEmpty { labels = try LabelSelector(labelText) }
            let fieldText = call.request.queryValue("fieldSelector") ?? ""
            if !fieldText.isEmpty { fields = try FieldSelector(fieldText, type: call.type) }
        }

        func matches(_ o: Value) -> Bool {
            if let labels, !labels.matches(o[path: ["metadata", "labels"]]?.objectValue) { return false }
            if let fields, !fields.matches(o) { return false }
            return true
        }
    }

    func list(_ call: ResourceCall) throws(APIError) -> HTTPResponse {
        let selection = try Selection(call)
        let limit = call.request.queryValue("limit").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        var listRevision: Int?
        var startAfter: String?
        if let token = call.request.queryValue("continue"), !token.isEmpty {
            guard let decoded = ContinueToken(token) else {
                throw APIError.badRequest(
                    "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")
            }
            if let rv = call.request.queryValue("resourceVersion"), !rv.isEmpty, rv != "0" {
                throw APIError.badRequest("specifying resource version is not allowed when using continue")
            }
            listRevision = decoded.revision
            startAfter = decoded.startAfter
        }
        let (items, revision, next, remaining) = state.withLock {
            cluster -> ([Value], Int, String?, Int?) in
            let all = cluster.list(call.type, namespace: call.namespace)
            var selected: [(key: String, value: Value)] = []
            var more = false
            var remaining = 0
            for entry in all {
                if let startAfter, entry.key <= startAfter { continue }
                guard selection.matches(entry.value) else { continue }
                if let limit, selected.count >= limit {
                    more = true
                    remaining += 1
                    continue
                }
                selected.append(entry)
            }
            let rv = listRevision ?? cluster.revision
            let next = more ? ContinueToken(revision: rv, startAfter: selected.last!.key).text : nil
            return (selected.map(\.value), rv, next, more ? remaining : nil)
        }
        if call.wantsTable {
            let printer = TablePrinter(type: call.type, now: Date())
            return .json(
                printer.table(
                    items.map { present($0, as: call.type) }, resourceVersion: String(revision), continueToken: next))
        }
        var meta: Value = ["resourceVersion": .string(String(revision))]
        if let next { meta["continue"] = .string(next) }
        if let remaining, selection.labels == nil, selection.fields == nil {
            meta["remainingItemCount"] = .int(remaining)
        }
        let shown: [Value] = items.map { item in
            var o = present(item, as: call.type)
            // Built-in list items carry no kind/apiVersion; custom resources keep them.
            if !call.type.isCustom, case .object(var obj) = o {
                obj["kind"] = nil
                obj["apiVersion"] = nil
                o = .object(obj)
            }
            return o
        }
        var text = "{\"kind\":\"\(call.type.listKind)\",\"apiVersion\":\"\(call.type.apiVersion)\",\"metadata\":"
        meta.writeJSON(to: &text)
        text += ",\"items\":"
        Value.array(shown).writeJSON(to: &text)
        text += "}\n"
        return HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }

    func watch(_ call: ResourceCall) throws(APIError) -> HTTPResponse {
        var selection = try Selection(call)
        if let name = call.name {
            // `/watch/…/name` and named watches act like a metadata.name field selector.
            var fields: FieldSelector
            if let existing = selection.fields {
                fields = existing
            } else {
                fields = try FieldSelector("", type: call.type)
            }
            fields.terms.append(.init(path: ["metadata", "name"], value: name, negated: false))
            selection.fields = fields
        }
        let timeout: Double =
            call.request.queryValue("timeoutSeconds").flatMap { Double($0) } ?? Double.random(in: 1800..<3600)
        let type = call.type
        let bookmarks = call.request.queryValue("allowWatchBookmarks") == "true"
        let bookmark: @Sendable () -> [UInt8]? = { [weak self] in
            guard let self else { return nil }
            let rv = self.state.withLock { $0.revision }
            let object: Value = [
                "kind": .string(type.kind), "apiVersion": .string(type.apiVersion),
                "metadata": ["resourceVersion": .string(String(rv))],
            ]
            let event: Value = ["type": "BOOKMARK", "object": object]
            return Array((event.jsonString + "\n").utf8)
        }
        let stream = WatchStream(
            timeoutSeconds: timeout, idleInterval: options.bookmarkSeconds, idleLine: bookmarks ? bookmark : nil)
        let watcher = Watcher(
            storageKey: type.storageKey, namespace: call.namespace, labelSelector: selection.labels,
            fieldSelector: selection.fields, apiVersion: type.apiVersion,
            tablePrinter: call.wantsTable ? TablePrinter(type: type, now: Date()) : nil, stream: stream)
        let rvText = call.request.queryValue("resourceVersion") ?? ""
        let id: Int? = state.withLock { cluster -> Int? in
            if rvText.isEmpty || rvText == "0" {
                for (_, object) in cluster.list(type, namespace: call.namespace) where watcher.matches(object) {
                    stream.send(watcher.line(type: "ADDED", object: object))
                }
                return cluster.addWatcher(watcher)
            }
            guard let rv = Int(rvText), let replay = cluster.events(after: rv, storageKey: type.storageKey) else {
                let status = APIError.expired("too old resource version: \(rvText) (\(cluster.compactedRevision + 1))")
                let line: Value = ["type": "ERROR", "object": status.status]
                stream.send(Array((line.jsonString + "\n").utf8))
                stream.finish()
                return nil
            }
            for event in replay {
                if let shownType = watcher.view(of: event) {
                    stream.send(watcher.line(type: shownType, object: event.object))
                }
            }
            return cluster.addWatcher(watcher)
        }
        if let id {
            stream.whenClosed { [weak self] in self?.state.withLock { $0.removeWatcher(id) } }
        }
        return HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], stream: stream)
    }
}

/// The opaque `continue` value of a paged list: the list's RV and the last key returned.
struct ContinueToken {
    var revision: Int
    var startAfter: String

    init(revision: Int, startAfter: String) {
        self.revision = revision
        self.startAfter = startAfter
    }

    init?(_ text: String) {
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8),
            let bar = plain.firstIndex(of: "|"), let rv = Int(plain[..<bar])
        else { return nil }
        revision = rv
        startAfter = String(plain[plain.index(after: bar)...])
    }

    var text: String { Data("\(revision)|\(startAfter)".utf8).base64EncodedString() }
}
