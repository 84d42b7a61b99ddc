import Foundation
import Manifests

/// What the real cluster's built-in controllers do right after a write: CRDs become
/// served types, new namespaces get their ServiceAccount and CA ConfigMap, and the garbage
/// collector follows ownerReferences and deletion finalizers.
extension APIServer {
    /// The namespaces every cluster starts with.
    static func seed(_ cluster: inout ClusterState, caPEM: String) {
        let now = Timestamp.format(Date())
        let nsType = BuiltInTypes.all.first { $0.resource == "namespaces" }!
        for name in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let life = ObjectLifecycle(type: nsType, namespace: nil, name: name, now: now)
            var ns = life.complete(["metadata": ["name": .string(name)]], old: nil, subresource: nil)
            ns = recordUpdate(
                old: nil, new: ns, manager: "kube-apiserver", now: now, subresource: nil, schema: life.schema)
            let stored = cluster.commit(nsType, namespace: nil, name: name, object: ns)
            populateNamespace(&cluster, stored, caPEM: caPEM, now: now)
        }
        seedNode(&cluster, now: now)
    }

    /// One Ready node, matching the one node the DaemonSet controller schedules onto.
    private static func seedNode(_ cluster: inout ClusterState, now: String) {
        let nodeType = BuiltInTypes.all.first { $0.resource == "nodes" }!
        let name = "emulator-node"
        let life = ObjectLifecycle(type: nodeType, namespace: nil, name: name, now: now)
        let ready: Value = [
            "type": "Ready", "status": "True", "lastHeartbeatTime": .string(now), "lastTransitionTime": .string(now),
            "reason": "KubeletReady", "message": "kubelet is posting ready status",
        ]
        var node = life.complete(
            [
                "metadata": [
                    "name": .string(name),
                    "labels": [
                        "kubernetes.io/hostname": .string(name), "kubernetes.io/os": "linux",
                        "node-role.kubernetes.io/control-plane": "",
                    ],
                ]
            ], old: nil, subresource: nil)
        node["status"] = [
            "conditions": [ready],
            "nodeInfo": ["kubeletVersion": "v1.32.0", "operatingSystem": "linux", "architecture": "amd64"],
            "addresses": [
                ["type": "InternalIP", "address": "127.0.0.1"], ["type": "Hostname", "address": .string(name)],
            ],
        ]
        node = recordUpdate(old: nil, new: node, manager: "kubelet", now: now, subresource: nil, schema: life.schema)
        cluster.commit(nodeType, namespace: nil, name: name, object: node)
    }

    func afterWrite(_ cluster: inout ClusterState, _ type: ResourceType, object: Value, old: Value?) {
        if type.resource == "namespaces", type.group.isEmpty, old == nil {
            APIServer.populateNamespace(&cluster, object, caPEM: caPEM, now: nowString)
        }
        if type.resource == "customresourcedefinitions", type.group == "apiextensions.k8s.io" {
            establish(&cluster, crd: object)
        }
        if object[path: ["metadata", "deletionTimestamp"]] != nil { collectGarbage(&cluster) }
    }

    func afterDelete(_ cluster: inout ClusterState, _ type: ResourceType, object: Value) {
        if type.resource == "customresourcedefinitions", type.group == "apiextensions.k8s.io",
            let group = object[path: ["spec", "group"]]?.stringValue,
            let plural = object[path: ["spec", "names", "plural"]]?.stringValue
        {
            if let served = cluster.types.values.first(where: {
                $0.isCustom && $0.group == group && $0.resource == plural
            }) {
                for entry in cluster.list(served, namespace: nil) {
                    let ns = entry.value[path: ["metadata", "namespace"]]?.stringValue
                    let name = entry.value[path: ["metadata", "name"]]?.stringValue ?? ""
                    cluster.commit(served, namespace: ns, name: name, object: nil)
                }
            }
            cluster.replaceCustomTypes(group: group, resource: plural, with: [])
        }
        collectGarbage(&cluster)
    }

    private static func populateNamespace(_ cluster: inout ClusterState, _ ns: Value, caPEM: String, now: String) {
        guard let name = ns[path: ["metadata", "name"]]?.stringValue else { return }
        let sa = BuiltInTypes.all.first { $0.resource == "serviceaccounts" }!
        let cm = BuiltInTypes.all.first { $0.resource == "configmaps" }!
        let seeds: [(ResourceType, String, Value, String)] = [
            (sa, "default", ["metadata": ["name": "default"]], "kube-controller-manager"),
            (
                cm, "kube-root-ca.crt",
                [
                    "metadata": [
                        "name": "kube-root-ca.crt",
                        "annotations": ["kubernetes.io/description": .string(rootCADescription)],
                    ], "data": ["ca.crt": .string(caPEM)],
                ], "kube-controller-manager"
            ),
        ]
        for (type, objectName, body, manager) in seeds
        where cluster.object(type, namespace: name, name: objectName) == nil {
            let life = ObjectLifecycle(type: type, namespace: name, name: objectName, now: now)
            var object = life.complete(body, old: nil, subresource: nil)
            object = recordUpdate(
                old: nil, new: object, manager: manager, now: now, subresource: nil, schema: life.schema)
            cluster.commit(type, namespace: name, name: objectName, object: object)
        }
    }

    private static let rootCADescription =
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as "
        + "the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of "
        + "Kubernetes clusters."

    /// Serves a CRD's versions and marks it NamesAccepted and Established.
    private func establish(_ cluster: inout ClusterState, crd: Value) {
        guard let spec = crd["spec"], let group = spec["group"]?.stringValue,
            let plural = spec[path: ["names", "plural"]]?.stringValue,
            let kind = spec[path: ["names", "kind"]]?.stringValue
        else { return }
        if crd[path: ["metadata", "deletionTimestamp"]] != nil { return }
        let namespaced = spec["scope"]?.stringValue != "Cluster"
        var served: [ResourceType] = []
        let versions = (spec["versions"]?.arrayValue ?? []).filter { $0["served"]?.boolValue != false }
        for v in versions {
            guard let version = v["name"]?.stringValue else { continue }
            let columns = (v["additionalPrinterColumns"]?.arrayValue ?? []).compactMap {
                c -> ResourceType.PrinterColumn? in
                guard let name = c["name"]?.stringValue, let path = c["jsonPath"]?.stringValue else { return nil }
                return ResourceType.PrinterColumn(
                    name: name, type: c["type"]?.stringValue ?? "string", format: c["format"]?.stringValue ?? "",
                    description: c["description"]?.stringValue ?? "", priority: c["priority"]?.intValue ?? 0,
                    jsonPath: path)
            }
            var scale: ResourceType.ScalePaths?
            if let s = v[path: ["subresources", "scale"]], let specPath = s["specReplicasPath"]?.stringValue {
                scale = ResourceType.ScalePaths(
                    specReplicasPath: specPath, statusReplicasPath: s["statusReplicasPath"]?.stringValue ?? "",
                    labelSelectorPath: s["labelSelectorPath"]?.stringValue)
            }
            served.append(
                ResourceType(
                    group: group, version: version, resource: plural, kind: kind,
                    singular: spec[path: ["names", "singular"]]?.stringValue ?? kind.lowercased(),
                    namespaced: namespaced,
                    shortNames: (spec[path: ["names", "shortNames"]]?.arrayValue ?? []).compactMap(\.stringValue),
                    categories: (spec[path: ["names", "categories"]]?.arrayValue ?? []).compactMap(\.stringValue),
                    hasStatus: v[path: ["subresources", "status"]] != nil, hasScale: scale != nil, setsGeneration: true,
                    isCustom: true, printerColumns: columns, scale: scale,
                    customSchema: MergeSchema(customResourceDefinition: crd, version: version)))
        }
        // Versions in preference order: the storage version's group priority is not modelled;
        // kube sorts by version priority (v2 > v1 > v1beta1 …).
        served.sort { versionPriority($0.version) > versionPriority($1.version) }
        cluster.replaceCustomTypes(group: group, resource: plural, with: served)

        let conditionsWanted: [(String, String, String)] = [
            ("NamesAccepted", "NoConflicts", "no conflicts found"),
            ("Established", "InitialNamesAccepted", "the initial names have been accepted"),
        ]
        let existing = crd[path: ["status", "conditions"]]?.arrayValue ?? []
        if conditionsWanted.allSatisfy({ want in
            existing.contains { $0["type"]?.stringValue == want.0 && $0["status"]?.stringValue == "True" }
        }) {
            return
        }
        let now = nowString
        var updated = crd
        let conditions: [Value] = conditionsWanted.map { c in
            [
                "type": .string(c.0), "status": "True", "lastTransitionTime": .string(now), "reason": .string(c.1),
                "message": .string(c.2),
            ]
        }
        var names = spec["names"] ?? .object(ObjectValue())
        names.setDefault(["singular"], .string(kind.lowercased()))
        names.setDefault(["listKind"], .string(kind + "List"))
        updated.setValue(["status", "conditions"], .array(conditions))
        updated.setValue(["status", "acceptedNames"], names)
        updated.setValue(["status", "storedVersions"], .array(served.prefix(1).map { .string($0.version) }))
        let crdType = BuiltInTypes.all.first { $0.resource == "customresourcedefinitions" }!
        updated = recordUpdate(
            old: crd, new: updated, manager: "kube-apiserver", now: now, subresource: "status",
            schema: ObjectLifecycle(type: crdType, namespace: nil, name: "", now: now).schema)
        cluster.commit(
            crdType, namespace: nil, name: crd[path: ["metadata", "name"]]?.stringValue ?? "", object: updated)
    }

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
                        if type.resource == "customresourcedefinitions" { afterDeleteCRDOnly(&cluster, gone) }
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

    private func afterDeleteCRDOnly(_ cluster: inout ClusterState, _ crd: Value) {
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

/// Kubernetes version priority: GA over beta over alpha, higher numbers first.
func versionPriority(_ version: String) -> Int {
    let pattern = version.dropFirst()
    var major = 0
    var rest = Substring(pattern)
    while let c = rest.first, c.isNumber {
        major = major * 10 + Int(String(c))!
        rest = rest.dropFirst()
    }
    guard version.hasPrefix("v"), major > 0 else { return 0 }
    if rest.isEmpty { return 3_000_000 + major * 1000 }
    var level = 0
    if rest.hasPrefix("beta") {
        level = 2_000_000
        rest = rest.dropFirst(4)
    } else if rest.hasPrefix("alpha") {
        level = 1_000_000
        rest = rest.dropFirst(5)
    } else {
        return 0
    }
    return level + major * 1000 + (Int(rest) ?? 0)
}
