import Foundation
import Manifests

/// What the apiextensions server does for a CRD: serve its versions, accept its names.
extension APIServer {
    /// Serves a CRD's versions and marks it NamesAccepted and Established.
    func establish(_ cluster: inout ClusterState, crd: Value) {
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
