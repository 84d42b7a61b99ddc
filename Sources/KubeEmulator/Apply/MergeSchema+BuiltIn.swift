import Manifests

// List keys and atomic types of the built-in kinds, from the `patchStrategy`, `patchMergeKey`,
// `listType`, `listMapKey` and `structType` markers of k8s.io/api (KUBE-API.md §4.3). As in smd's
// schema conversion, a `patchStrategy=merge` list without `listType` is a list-map keyed by its
// merge key.
extension MergeSchema {
    /// The schema of a built-in kind, or `nil` when the kind is not built in (a custom
    /// resource: build its schema from the CRD).
    static func builtIn(kind: String) -> MergeSchema? {
        builtInKinds[kind]
    }

    /// The schema for `kind`: built in when known, otherwise generic (granular maps, atomic
    /// lists) with the built-in `metadata`.
    static func forKind(_ kind: String) -> MergeSchema {
        builtInKinds[kind] ?? MergeSchema(fields: ["metadata": objectMeta])
    }

    private static func mapList(_ keys: [String], smd: String? = nil, items: MergeSchema = .unknown) -> MergeSchema {
        MergeSchema(listType: .map(keys: keys, defaults: [:]), patchMergeKey: smd ?? keys.first, items: items)
    }

    private static let atomicStruct = MergeSchema(isAtomic: true)
    private static let primitiveSet = MergeSchema(listType: .set, mergesPrimitives: true)

    private static let conditions = mapList(["type"])

    static let objectMeta = MergeSchema(fields: [
        "ownerReferences": mapList(["uid"], items: atomicStruct),
        "finalizers": primitiveSet,
        "managedFields": MergeSchema(listType: .atomic),
    ])

    static let labelSelector = atomicStruct

    private static let containerPorts = MergeSchema(
        listType: .map(keys: ["containerPort", "protocol"], defaults: ["protocol": "TCP"]),
        patchMergeKey: "containerPort")

    static let container = MergeSchema(fields: [
        "ports": containerPorts,
        "env": mapList(["name"]),
        "volumeMounts": mapList(["mountPath"]),
        "volumeDevices": mapList(["devicePath"]),
        "resizePolicy": MergeSchema(listType: .atomic),
    ])

    static let podSpec = MergeSchema(fields: [
        "containers": mapList(["name"], items: container),
        "initContainers": mapList(["name"], items: container),
        "ephemeralContainers": mapList(["name"], items: container),
        "volumes": mapList(["name"]),
        "imagePullSecrets": mapList(["name"]),
        "hostAliases": mapList(["ip"]),
        "topologySpreadConstraints": MergeSchema(
            listType: .map(keys: ["topologyKey", "whenUnsatisfiable"], defaults: [:]),
            patchMergeKey: "topologyKey"),
        "tolerations": MergeSchema(listType: .atomic),
        "resourceClaims": mapList(["name"]),
        "schedulingGates": mapList(["name"]),
    ])

    static let podTemplate = MergeSchema(fields: ["metadata": objectMeta, "spec": podSpec])

    private static let workloadStatus = MergeSchema(fields: ["conditions": conditions])

    private static func workload(_ specFields: [String: MergeSchema]) -> MergeSchema {
        var spec = specFields
        spec["selector"] = labelSelector
        spec["template"] = podTemplate
        return MergeSchema(fields: [
            "metadata": objectMeta, "spec": MergeSchema(fields: spec), "status": workloadStatus,
        ])
    }

    private static let job = MergeSchema(fields: [
        "metadata": objectMeta,
        "spec": MergeSchema(fields: ["selector": labelSelector, "template": podTemplate]),
        "status": workloadStatus,
    ])

    private static let serviceSpec = MergeSchema(fields: [
        "ports": MergeSchema(
            listType: .map(keys: ["port", "protocol"], defaults: ["protocol": "TCP"]), patchMergeKey: "port"),
        "clusterIPs": MergeSchema(listType: .atomic),
        "ipFamilies": MergeSchema(listType: .atomic),
    ])

    private static let builtInKinds: [String: MergeSchema] = [
        "Deployment": workload(["strategy": MergeSchema()]),
        "ReplicaSet": workload([:]),
        "DaemonSet": workload([:]),
        "StatefulSet": workload([
            "volumeClaimTemplates": MergeSchema(listType: .atomic)
        ]),
        "Job": job,
        "CronJob": MergeSchema(fields: [
            "metadata": objectMeta,
            "spec": MergeSchema(fields: [
                "jobTemplate": MergeSchema(fields: ["metadata": objectMeta, "spec": job.child("spec")])
            ]),
        ]),
        "Pod": MergeSchema(fields: [
            "metadata": objectMeta, "spec": podSpec, "status": MergeSchema(fields: ["conditions": conditions]),
        ]),
        "PodTemplate": MergeSchema(fields: ["metadata": objectMeta, "template": podTemplate]),
        "Service": MergeSchema(fields: ["metadata": objectMeta, "spec": serviceSpec]),
        "Namespace": MergeSchema(fields: [
            "metadata": objectMeta,
            "spec": MergeSchema(fields: ["finalizers": MergeSchema(listType: .atomic)]),
            "status": MergeSchema(fields: ["conditions": conditions]),
        ]),
        "ConfigMap": MergeSchema(fields: ["metadata": objectMeta]),
        "Secret": MergeSchema(fields: ["metadata": objectMeta]),
        "ServiceAccount": MergeSchema(fields: [
            "metadata": objectMeta,
            "secrets": mapList(["name"]),
            "imagePullSecrets": MergeSchema(listType: .atomic),
        ]),
        "PersistentVolumeClaim": MergeSchema(fields: [
            "metadata": objectMeta, "status": MergeSchema(fields: ["conditions": conditions]),
        ]),
        "PodDisruptionBudget": MergeSchema(fields: [
            "metadata": objectMeta,
            "spec": MergeSchema(fields: ["selector": labelSelector]),
            "status": MergeSchema(fields: ["conditions": conditions]),
        ]),
        "CustomResourceDefinition": MergeSchema(fields: [
            "metadata": objectMeta,
            "spec": MergeSchema(fields: ["versions": MergeSchema(listType: .atomic)]),
            "status": MergeSchema(fields: ["conditions": conditions]),
        ]),
        "NetworkPolicy": MergeSchema(fields: [
            "metadata": objectMeta, "spec": MergeSchema(fields: ["podSelector": labelSelector]),
        ]),
    ]
}
