import Foundation
import Manifests

/// One change in the store, kept in a bounded log so that watches can resume from an RV.
struct WatchEvent: Sendable {
    var revision: Int
    var storageKey: String
    var type: String
    var object: Value
    /// The object before the change (MODIFIED and DELETED), to tell selector transitions.
    var old: Value?
}

/// A registered watch: what it wants and where its events go.
struct Watcher: Sendable {
    var storageKey: String
    var namespace: String?
    var labelSelector: LabelSelector?
    var fieldSelector: FieldSelector?
    /// The apiVersion objects are shown in (custom resources can be served in several versions).
    var apiVersion: String
    /// Set when the client asked for Table output (`kubectl get -w`): each event carries a one-row Table.
    var tablePrinter: TablePrinter?
    var stream: WatchStream

    func matches(_ object: Value) -> Bool {
        if let namespace, object[path: ["metadata", "namespace"]]?.stringValue != namespace { return false }
        if let labelSelector, !labelSelector.matches(object[path: ["metadata", "labels"]]?.objectValue) {
            return false
        }
        if let fieldSelector, !fieldSelector.matches(object) { return false }
        return true
    }

    /// The event type this watcher sees, or nil when neither side of the change matches
    /// (an object leaving the selection is DELETED for the watcher, one entering it ADDED).
    func view(of event: WatchEvent) -> String? {
        let now = matches(event.object)
        guard event.type == "MODIFIED", let old = event.old else { return now ? event.type : nil }
        let before = matches(old)
        switch (before, now) {
        case (true, true): return "MODIFIED"
        case (false, true): return "ADDED"
        case (true, false): return "DELETED"
        case (false, false): return nil
        }
    }

    func line(type: String, object: Value) -> [UInt8] {
        var shown = object
        if shown["apiVersion"]?.stringValue != apiVersion { shown["apiVersion"] = .string(apiVersion) }
        if var printer = tablePrinter {
            printer.now = Date()
            shown = printer.table(
                [shown], resourceVersion: shown[path: ["metadata", "resourceVersion"]]?.stringValue ?? "")
        }
        var text = "{\"type\":\"\(type)\",\"object\":"
        shown.writeJSON(to: &text)
        text += "}\n"
        return Array(text.utf8)
    }
}
