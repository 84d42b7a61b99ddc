import Foundation
import Manifests

/// The garbage collector: ownerReferences and the deletion finalizers.
extension APIServer {
    /// The garbage collector and deletion finalizers, run to a fixed point: dependents of
    /// deleted owners go (Background), `foregroundDeletion` owners wait for their dependents,
    /// `orphan` owners release theirs.
    func collectGarbage(_ cluster: inout ClusterState) {
        for _ in 0..<16 {
            var changed = false
            var uids = Set<String>()
            var terminating: [(ResourceType, Value)] = []
            var all: [(ResourceType, Value)] = []
            let types = servedStorageTypes(cluster)
            for type in types {
                for entry in cluster.list(type, namespace: nil) {
                    all.append((type, entry.value))
                    if let uid = entry.value[path: ["metadata", "uid"]]?.stringValue { uids.insert(uid) }
                    if entry.value[path: ["metadata", "deletionTimestamp"]] != nil {
                        terminating.append((type, entry.value))
                    }
                }
            }
            let terminatingForeground = Set(
                terminating.filter { hasFinalizer($0.1, "foregroundDeletion") }.compactMap {
                    $0.1[path: ["metadata", "uid"]]?.stringValue
                })
            let orphaning = Set(
                terminating.filter { hasFinalizer($0.1, "orphan") }.compactMap {
                    $0.1[path: ["metadata", "uid"]]?.stringValue
                })
            // Dependents.
            for (type, object) in all {
                let refs = object[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
                guard !refs.isEmpty else { continue }
                let ownerUIDs = refs.compactMap { $0["uid"]?.stringValue }
                let ns = object[path: ["metadata", "namespace"]]?.stringValue
                let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
                if ownerUIDs.contains(where: { orphaning.contains($0) }) {
                    var o = object
                    let kept = refs.filter { !orphaning.contains($0["uid"]?.stringValue ?? "") }
                    o.setValue(["metadata", "ownerReferences"], kept.isEmpty ? nil : .array(kept))
                    cluster.commit(type, namespace: ns, name: name, object: o)
                    changed = true
                    continue
                }
                let alive = ownerUIDs.filter { uids.contains($0) && !terminatingForeground.contains($0) }
                if alive.isEmpty, object[path: ["metadata", "deletionTimestamp"]] == nil {
                    if (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty {
                        let gone = cluster.commit(type, namespace: ns, name: name, object: nil)
                        if type.resource == "customresourcedefinitions" { forgetCustomTypes(&cluster, gone) }
                    } else {
                        var o = object
                        o.setValue(["metadata", "deletionTimestamp"], .string(nowString))
                        o.setValue(["metadata", "deletionGracePeriodSeconds"], 0)
                        cluster.commit(type, namespace: ns, name: name, object: o)
                    }
                    changed = true
                }
            }
            // Owners whose deletion finalizers can now be removed.
            for (type, object) in terminating {
                guard let uid = object[path: ["metadata", "uid"]]?.stringValue else { continue }
                var finalizers = object[path: ["metadata", "finalizers"]]?.arrayValue ?? []
                let hasDependents = all.contains { entry in
                    (entry.1[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).contains {
                        $0["uid"]?.stringValue == uid
                    }
                }
                var o = object
                if hasFinalizer(object, "foregroundDeletion"), !hasDependents {
                    finalizers.removeAll { $0 == "foregroundDeletion" }
                }
                if hasFinalizer(object, "orphan"), !hasDependents { finalizers.removeAll { $0 == "orphan" } }
                if finalizers.count != (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).count {
                    o.setValue(["metadata", "finalizers"], finalizers.isEmpty ? nil : .array(finalizers))
                    _ = store(&cluster, type, object: o, old: object)
                    changed = true
                }
            }
            if !changed { return }
        }
    }

    private func forgetCustomTypes(_ cluster: inout ClusterState, _ crd: Value) {
        guard let group = crd[path: ["spec", "group"]]?.stringValue,
            let plural = crd[path: ["spec", "names", "plural"]]?.stringValue
        else { return }
        cluster.replaceCustomTypes(group: group, resource: plural, with: [])
    }

    private func hasFinalizer(_ object: Value, _ name: String) -> Bool {
        (object[path: ["metadata", "finalizers"]]?.arrayValue ?? []).contains(.string(name))
    }

    /// One served type per storage key (custom resources can be served in several versions).
    func servedStorageTypes(_ cluster: ClusterState) -> [ResourceType] {
        var seen = Set<String>()
        var result: [ResourceType] = []
        for t in cluster.types.values.sorted(by: { $0.storageKey < $1.storageKey }) where !seen.contains(t.storageKey) {
            seen.insert(t.storageKey)
            result.append(t)
        }
        return result
    }
}
