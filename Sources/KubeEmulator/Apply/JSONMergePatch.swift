import Manifests

/// RFC 7386 JSON Merge Patch: objects merge recursively, `null` deletes a key, anything else
/// (lists included) replaces the target.
func jsonMergePatch(_ target: Value, _ patch: Value) -> Value {
    guard case .object(let p) = patch else { return patch }
    var result = target.objectValue ?? ObjectValue()
    for (key, value) in p {
        if value.isNull {
            result[key] = nil
        } else {
            result[key] = jsonMergePatch(result[key] ?? .null, value)
        }
    }
    return .object(result)
}
