import Manifests

/// Pod template defaults (`pkg/apis/core/v1/defaults.go` `SetDefaults_PodSpec`, containers, volumes).
extension Defaults {
    static func podTemplate(_ object: inout Value, at path: [String]) {
        guard object[path: path] != nil else { return }
        podSpec(&object, at: path + ["spec"])
    }

    static func podSpec(_ object: inout Value, at path: [String]) {
        object.modify(path) { spec in
            guard case .object = spec else { return }
            spec.setDefault(["restartPolicy"], "Always")
            spec.setDefault(["terminationGracePeriodSeconds"], 30)
            spec.setDefault(["dnsPolicy"], "ClusterFirst")
            spec.setDefault(["securityContext"], .object(ObjectValue()))
            spec.setDefault(["schedulerName"], "default-scheduler")
            // The v1 conversion mirrors the deprecated field.
            if let sa = spec["serviceAccountName"], spec["serviceAccount"] == nil { spec["serviceAccount"] = sa }
            if let sa = spec["serviceAccount"], spec["serviceAccountName"] == nil { spec["serviceAccountName"] = sa }
            let hostNetwork = spec["hostNetwork"]?.boolValue == true
            for list in ["containers", "initContainers"] {
                spec.modifyItems([list]) { container(&$0, hostNetwork: hostNetwork) }
            }
            spec.modifyItems(["volumes"]) { volume(&$0) }
        }
    }

    static func container(_ c: inout Value, hostNetwork: Bool) {
        c.setDefault(["terminationMessagePath"], "/dev/termination-log")
        c.setDefault(["terminationMessagePolicy"], "File")
        c.setDefault(["imagePullPolicy"], .string(pullPolicy(c["image"]?.stringValue ?? "")))
        c.setDefault(["resources"], .object(ObjectValue()))
        c.modifyItems(["ports"]) { port in
            port.setDefault(["protocol"], "TCP")
            if hostNetwork, let p = port["containerPort"] { port.setDefault(["hostPort"], p) }
        }
        c.modifyItems(["env"]) { env in
            env.modify(["valueFrom", "fieldRef"]) { $0.setDefault(["apiVersion"], "v1") }
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] where c[probe] != nil {
            c.setDefault([probe, "timeoutSeconds"], 1)
            c.setDefault([probe, "periodSeconds"], 10)
            c.setDefault([probe, "successThreshold"], 1)
            c.setDefault([probe, "failureThreshold"], 3)
            if c[path: [probe, "httpGet"]] != nil { c.setDefault([probe, "httpGet", "scheme"], "HTTP") }
        }
    }

    /// `Always` for `:latest` or an untagged image, else `IfNotPresent`.
    static func pullPolicy(_ image: String) -> String {
        if image.contains("@") { return "IfNotPresent" }
        let lastComponent = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = lastComponent.lastIndex(of: ":") else { return "Always" }
        return lastComponent[lastComponent.index(after: colon)...] == "latest" ? "Always" : "IfNotPresent"
    }

    private static let volumeSources = [
        "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi",
        "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc",
        "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected",
        "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image",
    ]

    static func volume(_ v: inout Value) {
        if !volumeSources.contains(where: { v[$0] != nil }) { v["emptyDir"] = .object(ObjectValue()) }
        for source in ["configMap", "secret", "downwardAPI", "projected"] where v[source] != nil {
            v.setDefault([source, "defaultMode"], 420)
        }
        if v["hostPath"] != nil { v.setDefault(["hostPath", "type"], "") }
    }
}
