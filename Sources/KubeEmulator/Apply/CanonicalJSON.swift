import Manifests

/// JSON with object keys sorted, so that equal values hash equally whatever their key order.
func canonicalJSON(_ value: Value, into out: inout String) {
    switch value {
    case .object(let o):
        out += "{"
        for (i, key) in o.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            out += Value.string(key).jsonString + ":"
            canonicalJSON(o[key]!, into: &out)
        }
        out += "}"
    case .array(let a):
        out += "["
        for (i, v) in a.enumerated() {
            if i > 0 { out += "," }
            canonicalJSON(v, into: &out)
        }
        out += "]"
    default:
        value.writeJSON(to: &out)
    }
}
