import Manifests

/// The `pod-template-hash` label of a Deployment's ReplicaSet, computed as the real controller
/// does in spirit: FNV-1a over the template (keys sorted, the hash label itself left out) and the
/// collision count, its decimal digits spelled in the safe alphabet of `rand.SafeEncodeString`.
func podTemplateHash(_ template: Value, collisionCount: Int = 0) -> String {
    var canonical = ""
    canonicalJSON(Defaults.droppingNulls(withoutHashLabel(template)), into: &canonical)
    if collisionCount > 0 { canonical += "#\(collisionCount)" }
    let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
    return String(String(fnv1a32(canonical)).utf8.map { alphabet[Int($0) % alphabet.count] })
}

/// A pod template without the `pod-template-hash` label, for comparing a ReplicaSet's template
/// with its Deployment's.
func withoutHashLabel(_ template: Value) -> Value {
    guard template[path: ["metadata", "labels", "pod-template-hash"]] != nil else { return template }
    var t = template
    t.setValue(["metadata", "labels", "pod-template-hash"], nil)
    if t[path: ["metadata", "labels"]]?.objectValue?.isEmpty == true { t.setValue(["metadata", "labels"], nil) }
    return t
}
