import Manifests

/// An object from git made ready to apply: namespace filled in, the agent's label and
/// annotation added, its wave and phase known.
public struct DesiredObject: Sendable, Equatable {
    /// The object's reference, namespace filled in for namespaced kinds.
    public var ref: ObjectRef
    /// The object as it is sent to the server.
    public var object: Value
    /// From `gitops-agent.io/sync-wave`, default 0.
    public var wave: Int
    /// Where its kind goes in the apply order within its wave.
    public var phase: SyncPhase

    /// Objects of `application` in apply order, with one error per object that cannot be
    /// applied (unknown kind, foreign namespace, duplicate, bad wave); those are left out.
    ///
    /// - Parameter scopes: namespaced-ness of every kind in `objects` (built-ins, CRDs,
    ///   discovery); a kind missing there is an error.
    public static func prepare(_ objects: [Value], for application: Application, scopes: ResourceScopes) -> (
        objects: [DesiredObject], errors: [RolloutError]
    ) {
        var prepared: [DesiredObject] = []
        var errors: [RolloutError] = []
        var seen: Set<ObjectKey> = []
        for object in objects {
            do {
                let desired = try DesiredObject(object, application: application, scopes: scopes)
                guard seen.insert(desired.ref.key).inserted else {
                    throw RolloutError(
                        .invalidObject, "is defined twice in the application; keep one definition", ref: desired.ref)
                }
                prepared.append(desired)
            } catch let error as RolloutError {
                errors.append(error)
            } catch {
                errors.append(RolloutError(.invalidObject, "cannot be prepared", cause: "\(error)"))
            }
        }
        prepared.sort(by: DesiredObject.applyOrder)
        return (prepared, errors)
    }

    init(_ source: Value, application: Application, scopes: ResourceScopes) throws {
        guard var ref = ObjectRef(object: source) else {
            throw RolloutError(
                .invalidObject, "an object lacks apiVersion, kind or metadata.name; every manifest needs all three")
        }
        guard let namespaced = scopes.isNamespaced(group: ref.group, kind: ref.kind) else {
            throw RolloutError(
                .invalidObject,
                "has a kind the cluster does not serve (\(ref.apiVersion)) and no CustomResourceDefinition of the "
                    + "application defines it; install the CRD first or fix apiVersion/kind",
                ref: ref)
        }
        var object = source
        var metadata = source["metadata"]?.objectValue ?? ObjectValue()
        if namespaced {
            let namespace = ref.namespace ?? application.namespace
            guard application.allows(namespace: namespace) else {
                throw RolloutError(
                    .invalidObject,
                    "names namespace \(namespace), outside application \(application.name)'s namespace "
                        + "\(application.namespace); remove metadata.namespace or allow that namespace",
                    ref: ref)
            }
            ref.namespace = namespace
            metadata["namespace"] = .string(namespace)
        } else {
            ref.namespace = nil
            metadata["namespace"] = nil
        }
        var labels = metadata["labels"]?.objectValue ?? ObjectValue()
        labels[AgentMetadata.managedByLabel] = .string(AgentMetadata.managedByValue)
        metadata["labels"] = .object(labels)
        var annotations = metadata["annotations"]?.objectValue ?? ObjectValue()
        annotations[AgentMetadata.appKey] = .string(application.name)
        metadata["annotations"] = .object(annotations)
        object["metadata"] = .object(metadata)

        var wave = 0
        if let text = annotations[AgentMetadata.syncWaveAnnotation] {
            guard let parsed = text.stringValue.flatMap({ Int($0) }) ?? text.intValue else {
                throw RolloutError(
                    .invalidObject,
                    "has \(AgentMetadata.syncWaveAnnotation): \(FieldChange.render(text)), which is not an integer",
                    ref: ref)
            }
            wave = parsed
        }
        self.ref = ref
        self.object = object
        self.wave = wave
        self.phase = SyncPhase(ref, namespaced: namespaced)
    }

    /// Wave, then phase, then namespace and name.
    static func applyOrder(_ a: DesiredObject, _ b: DesiredObject) -> Bool {
        (a.wave, a.phase.rawValue, a.ref.key) < (b.wave, b.phase.rawValue, b.ref.key)
    }
}
