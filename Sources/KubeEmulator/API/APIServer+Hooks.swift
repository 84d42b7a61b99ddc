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
        seedKubernetesService(&cluster, now: now)
    }

    /// `default/kubernetes`, the Service every cluster has for its API server.
    private static func seedKubernetesService(_ cluster: inout ClusterState, now: String) {
        let serviceType = BuiltInTypes.all.first { $0.resource == "services" }!
        let life = ObjectLifecycle(type: serviceType, namespace: "default", name: "kubernetes", now: now)
        var service = life.complete(
            [
                "metadata": ["name": "kubernetes", "labels": ["component": "apiserver", "provider": "kubernetes"]],
                "spec": [
                    "clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"],
                    "ports": [["name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443]],
                    "type": "ClusterIP", "sessionAffinity": "None",
                ],
            ], old: nil, subresource: nil)
        service = recordUpdate(
            old: nil, new: service, manager: "kube-apiserver", now: now, subresource: nil, schema: life.schema)
        cluster.commit(serviceType, namespace: "default", name: "kubernetes", object: service)
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

}
