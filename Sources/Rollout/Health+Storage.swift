import Manifests

extension Health {
    /// A PVC is healthy once Bound, degraded when Lost.
    static func persistentVolumeClaim(_ p: Value) -> HealthResult {
        switch p[path: ["status", "phase"]]?.stringValue {
        case "Bound": return HealthResult(.healthy, "claim is bound")
        case "Lost": return HealthResult(.degraded, "claim lost its volume")
        case let phase?: return HealthResult(.progressing, "claim is \(phase)")
        case nil: return HealthResult(.progressing, "claim has no phase yet")
        }
    }

    /// A CRD is healthy once `Established`; a name conflict (`NamesAccepted=False`) degrades it.
    static func customResourceDefinition(_ c: Value) -> HealthResult {
        if condition(c, "NamesAccepted")?["status"]?.stringValue == "False" {
            return HealthResult(
                .degraded, condition(c, "NamesAccepted")?["message"]?.stringValue ?? "names not accepted")
        }
        if conditionIsTrue(c, "Established") {
            return HealthResult(.healthy, "established")
        }
        return HealthResult(.progressing, "waiting for the definition to be established")
    }
}
