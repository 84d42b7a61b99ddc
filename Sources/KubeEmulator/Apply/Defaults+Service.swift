import Manifests

extension Defaults {
    /// Service defaults (`SetDefaults_Service`) plus what the Service registry allocates:
    /// cluster IPs (from 10.96.0.0/12) and node ports, chosen from the object's name so that a
    /// dry-run and the real create agree.
    static func service(_ s: inout Value) {
        let type = s[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"
        s.setDefault(["spec", "type"], "ClusterIP")
        s.setDefault(["spec", "sessionAffinity"], "None")
        let identity =
            (s[path: ["metadata", "namespace"]]?.stringValue ?? "") + "/"
            + (s[path: ["metadata", "name"]]?.stringValue ?? "")
        var portIndex = 0
        s.modifyItems(["spec", "ports"]) { port in
            port.setDefault(["protocol"], "TCP")
            if let p = port["port"] { port.setDefault(["targetPort"], p) }
            if type == "NodePort" || type == "LoadBalancer" {
                port.setDefault(["nodePort"], .int(30000 + Int(fnv1a32(identity + "#\(portIndex)") % 2768)))
            }
            portIndex += 1
        }
        guard type != "ExternalName" else { return }
        if let ip = s[path: ["spec", "clusterIP"]]?.stringValue, !ip.isEmpty {
            s.setDefault(["spec", "clusterIPs"], [.string(ip)])
        } else if let first = s[path: ["spec", "clusterIPs"]]?.arrayValue?.first {
            s.setValue(["spec", "clusterIP"], first)
        } else {
            let ip = clusterIP(for: identity)
            s.setValue(["spec", "clusterIP"], .string(ip))
            s.setValue(["spec", "clusterIPs"], [.string(ip)])
        }
        s.setDefault(["spec", "ipFamilies"], ["IPv4"])
        s.setDefault(["spec", "ipFamilyPolicy"], "SingleStack")
        s.setDefault(["spec", "internalTrafficPolicy"], "Cluster")
        if type == "NodePort" || type == "LoadBalancer" {
            s.setDefault(["spec", "externalTrafficPolicy"], "Cluster")
        }
        if type == "LoadBalancer" {
            s.setDefault(["spec", "allocateLoadBalancerNodePorts"], true)
        }
        s.setDefault(["status", "loadBalancer"], .object(ObjectValue()))
    }

    /// An address in 10.96.0.0/12 derived from `identity`, skipping the network's first ten.
    static func clusterIP(for identity: String) -> String {
        let offset = 10 + Int(fnv1a32(identity) % UInt32((1 << 20) - 12))
        let address = (10 << 24) | (96 << 16) + offset
        return "\(address >> 24 & 255).\(address >> 16 & 255).\(address >> 8 & 255).\(address & 255)"
    }
}

/// 32-bit FNV-1a of a string's UTF-8 bytes.
func fnv1a32(_ text: String) -> UInt32 {
    var hash: UInt32 = 2_166_136_261
    for byte in text.utf8 {
        hash ^= UInt32(byte)
        hash = hash &* 16_777_619
    }
    return hash
}
