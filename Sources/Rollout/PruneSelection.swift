import Manifests

/// Chooses which objects of the previous release to delete now that they left git.
public enum PruneSelection {
    /// A plan entry (`prune` or `skip` with its reason) for every object of
    /// `previousInventory` that is not in `desired` and still exists, in reverse apply order.
    ///
    /// An object is deleted only when it carries the agent's label and this application's
    /// annotation, the application prunes at all, its kind is not protected (Namespaces,
    /// PVCs and CRDs need their opt-in) and it has no `gitops-agent.io/prune: "false"`.
    public static func select(
        previousInventory: [ObjectRef], desired: [ObjectRef], live: [ObjectRef: Value], application: Application
    ) -> [PlanEntry] {
        let keep = Set(desired.map(\.key))
        let liveByKey = Dictionary(live.map { ($0.key.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<ObjectKey> = []
        var entries: [PlanEntry] = []
        for ref in previousInventory where !keep.contains(ref.key) && seen.insert(ref.key).inserted {
            guard let object = liveByKey[ref.key] else { continue }
            let phase = SyncPhase(ref, namespaced: ref.namespace != nil)
            let reason = protection(of: ref, live: object, application: application)
            entries.append(
                PlanEntry(
                    ref: ref, action: reason == nil ? .prune : .skip, desired: nil, live: object,
                    diff: ObjectDiff(ref: ref, live: object, desired: nil), wave: wave(of: object), phase: phase,
                    reason: reason))
        }
        // Reverse apply order: the rest first, CRDs last.
        entries.sort { a, b in (a.wave, a.phase.rawValue, a.ref.key) > (b.wave, b.phase.rawValue, b.ref.key) }
        return entries
    }

    /// Why `live` must not be deleted, or `nil` when it may be.
    static func protection(of ref: ObjectRef, live: Value, application: Application) -> String? {
        if AgentMetadata.annotations(of: live)[AgentMetadata.pruneAnnotation]?.stringValue == "false" {
            return "left git; kept because of \(AgentMetadata.pruneAnnotation): \"false\""
        }
        guard AgentMetadata.isManaged(live, by: application.name) else {
            return "left git; kept because it lacks the agent's label or application \(application.name)'s annotation"
        }
        guard application.prune.enabled else {
            return "left git; kept because prune is off for application \(application.name)"
        }
        switch (ref.group, ref.kind) {
        case ("", "Namespace") where !application.prune.namespaces:
            return "left git; Namespaces are pruned only when the application opts in (prune namespaces)"
        case ("", "PersistentVolumeClaim") where !application.prune.persistentVolumeClaims:
            return "left git; PersistentVolumeClaims are pruned only when the application opts in (prune PVCs)"
        case ("apiextensions.k8s.io", "CustomResourceDefinition") where !application.prune.customResourceDefinitions:
            return "left git; CustomResourceDefinitions are pruned only when the application opts in (prune CRDs)"
        default:
            return nil
        }
    }

    static func wave(of object: Value) -> Int {
        AgentMetadata.annotations(of: object)[AgentMetadata.syncWaveAnnotation]?.stringValue.flatMap { Int($0) } ?? 0
    }
}
