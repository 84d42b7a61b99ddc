import Foundation
import Manifests

/// What the server sets on every write, whatever the verb: identity, system metadata,
/// status rules, defaults, generation and managedFields (KUBE-API.md §3.2, §3.5, §6).
struct ObjectLifecycle {
    var type: ResourceType
    var namespace: String?
    var name: String
    var now: String

    /// Completes `candidate` (the object a client wants stored) against the stored `old`.
    /// `subresource` is `status` for writes through /status.
    func complete(_ candidate: Value, old: Value?, subresource: String?) -> Value {
        var object = candidate
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        var meta = object["metadata"]?.objectValue ?? ObjectValue()
        meta["name"] = .string(name)
        if type.namespaced { meta["namespace"] = .string(namespace ?? "") } else { meta["namespace"] = nil }
        meta["selfLink"] = nil
        if let old, let oldMeta = old["metadata"]?.objectValue {
            for key in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
                meta[key] = oldMeta[key]
            }
            meta["resourceVersion"] = oldMeta["resourceVersion"]
        } else {
            meta["uid"] = .string(UUID().uuidString.lowercased())
            meta["creationTimestamp"] = .string(now)
            meta["deletionTimestamp"] = nil
            meta["deletionGracePeriodSeconds"] = nil
            meta["resourceVersion"] = nil
            meta["generation"] = nil
        }
        object["metadata"] = .object(meta)

        if subresource == "status", let old {
            // Only status is written through /status; the rest stays as stored.
            var kept = old
            kept["status"] = object["status"]
            if let annotations = object[path: ["metadata", "annotations"]] {
                kept.setValue(["metadata", "annotations"], annotations)
            }
            if type.resource == "namespaces", let spec = object["spec"] { kept["spec"] = spec }
            kept.setValue(["metadata", "managedFields"], object[path: ["metadata", "managedFields"]])
            object = kept
        } else if type.hasStatus, type.resource != "namespaces" {
            object["status"] = old?["status"]
        }
        applyDefaults(to: &object)

        if type.setsGeneration {
            let previous = old?[path: ["metadata", "generation"]]?.intValue ?? 0
            var generation = max(previous, 1)
            if old != nil, subresource != "status", specChanged(old!, object) { generation = previous + 1 }
            object.setValue(["metadata", "generation"], .int(generation))
        }
        return object
    }

    /// Whether a write changes what bumps `generation`: everything outside metadata and
    /// status, plus annotations for Deployments (`deployment/strategy.go`).
    func specChanged(_ old: Value, _ new: Value) -> Bool {
        guard case .object(let a) = old, case .object(let b) = new else { return true }
        let skip: Set<String> = ["metadata", "status", "apiVersion", "kind"]
        let keys = Set(a.keys).union(b.keys).subtracting(skip)
        for key in keys where a[key] != b[key] { return true }
        if type.kind == "Deployment", type.group == "apps",
            old[path: ["metadata", "annotations"]] != new[path: ["metadata", "annotations"]]
        {
            return true
        }
        return false
    }

    /// Whether two versions of an object are the same write (a no-op keeps the RV): equal
    /// apart from managedFields timestamps.
    static func sameContent(_ a: Value, _ b: Value) -> Bool {
        withoutFieldTimes(a) == withoutFieldTimes(b)
    }

    private static func withoutFieldTimes(_ v: Value) -> Value {
        guard let entries = v[path: ["metadata", "managedFields"]]?.arrayValue else { return v }
        var copy = v
        copy.setValue(
            ["metadata", "managedFields"],
            .array(
                entries.map { e in
                    var e = e
                    e["time"] = nil
                    return e
                }))
        copy.setValue(["metadata", "resourceVersion"], nil)
        return copy
    }

    /// The schema for server-side apply and managedFields of this type.
    var schema: MergeSchema {
        var schema = MergeSchema.forKind(type.kind)
        if type.isCustom { schema = type.customSchema ?? MergeSchema(fields: ["metadata": MergeSchema.objectMeta]) }
        schema.hasStatusSubresource = type.hasStatus
        return schema
    }
}
