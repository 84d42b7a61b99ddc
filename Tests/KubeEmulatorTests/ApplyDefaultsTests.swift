import Foundation
import Manifests
import Testing

@testable import KubeEmulator

/// Reads `Fixtures/<folder>/<name>.json`.
func fixture(_ folder: String, _ name: String) throws -> Value {
    let url = try #require(
        Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/" + folder))
    return try Value(jsonBytes: Array(try Data(contentsOf: url)))
}

@Suite struct ApplyDefaultsTests {
    @Test(arguments: [
        "deployment", "service", "statefulset", "daemonset", "job", "cronjob", "persistentvolumeclaim", "namespace",
    ])
    func defaultsMatchTheRealServer(kind: String) throws {
        var object = try fixture("apply", "\(kind)-manifest")
        var expected = try fixture("apply", "\(kind)-defaulted")
        applyDefaults(to: &object)
        if kind == "service" {
            let ip = try #require(object[path: ["spec", "clusterIP"]]?.stringValue)
            expected.setValue(["spec", "clusterIP"], .string(ip))
            expected.setValue(["spec", "clusterIPs"], [.string(ip)])
        }
        #expect(object == expected, "\(object.jsonString)")
        var again = object
        applyDefaults(to: &again)
        #expect(again == object, "defaulting is idempotent")
    }

    @Test(arguments: [
        ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.27", "IfNotPresent"),
        ("registry.local:5000/team/app", "Always"), ("registry.local:5000/team/app:v2", "IfNotPresent"),
        ("app@sha256:0123", "IfNotPresent"),
    ])
    func imagePullPolicyFollowsTheTag(image: String, policy: String) {
        #expect(Defaults.pullPolicy(image) == policy)
    }

    @Test func clusterIPIsStableAndInServiceRange() throws {
        let ip = Defaults.clusterIP(for: "shop/web")
        #expect(ip == Defaults.clusterIP(for: "shop/web"))
        #expect(ip != Defaults.clusterIP(for: "shop/api"))
        let octets = ip.split(separator: ".").compactMap { Int($0) }
        #expect(octets.count == 4 && octets[0] == 10 && (96...111).contains(octets[1]))
    }

    @Test(arguments: [
        (#"{"clusterIP":"None"}"#, #"["None"]"#),
        (#"{"clusterIP":"10.96.0.50"}"#, #"["10.96.0.50"]"#),
    ])
    func explicitClusterIPIsKept(spec: String, clusterIPs: String) {
        var service = json(#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"}}"#)
        service.setValue(["spec"], json(spec))
        applyDefaults(to: &service)
        #expect(service[path: ["spec", "clusterIPs"]] == json(clusterIPs))
    }

    @Test func nodePortAndLoadBalancerDefaults() {
        var service = json(
            #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"lb","namespace":"a"},"spec":{"type":"LoadBalancer","ports":[{"port":443}]}}"#
        )
        applyDefaults(to: &service)
        #expect(service[path: ["spec", "externalTrafficPolicy"]] == "Cluster")
        #expect(service[path: ["spec", "allocateLoadBalancerNodePorts"]] == true)
        let nodePort = service[path: ["spec", "ports"]]?.arrayValue?.first?["nodePort"]?.intValue ?? 0
        #expect((30000...32767).contains(nodePort))
    }

    @Test func customResourcesAreLeftAlone() {
        let widget = json(#"{"apiVersion":"example.com/v1","kind":"Deployment","metadata":{"name":"w"},"spec":{}}"#)
        var defaulted = widget
        applyDefaults(to: &defaulted)
        #expect(defaulted == widget)
    }

    @Test func recreateStrategyGetsNoRollingUpdate() {
        var d = json(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"strategy":{"type":"Recreate"}}}"#
        )
        applyDefaults(to: &d)
        #expect(d[path: ["spec", "strategy"]] == json(#"{"type":"Recreate"}"#))
    }

    @Test func horizontalPodAutoscalerDefaults() {
        var hpa = json(
            #"{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"h"},"spec":{"maxReplicas":5,"behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}}}"#
        )
        applyDefaults(to: &hpa)
        #expect(hpa[path: ["spec", "minReplicas"]] == 1)
        #expect(
            hpa[path: ["spec", "metrics"]]?.arrayValue?.first?[path: ["resource", "target", "averageUtilization"]] == 80
        )
        #expect(hpa[path: ["spec", "behavior", "scaleDown", "stabilizationWindowSeconds"]] == 60)
        #expect(hpa[path: ["spec", "behavior", "scaleUp", "policies"]]?.arrayValue?.count == 2)
        var plain = json(
            #"{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"h"},"spec":{"maxReplicas":5}}"#
        )
        applyDefaults(to: &plain)
        #expect(plain[path: ["spec", "behavior"]] == nil)
    }

    @Test(arguments: [
        (
            #"{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"n"},"spec":{"podSelector":{},"egress":[{"ports":[{"port":53}]}]}}"#,
            #"{"podSelector":{},"egress":[{"ports":[{"port":53,"protocol":"TCP"}]}],"policyTypes":["Ingress","Egress"]}"#
        ),
        (
            #"{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},"spec":{"group":"example.com","names":{"kind":"Widget","plural":"widgets"},"scope":"Namespaced"}}"#,
            #"{"group":"example.com","names":{"kind":"Widget","plural":"widgets","singular":"widget","listKind":"WidgetList"},"scope":"Namespaced","conversion":{"strategy":"None"}}"#
        ),
        (
            #"{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv"},"spec":{"capacity":{"storage":"1Gi"}}}"#,
            #"{"capacity":{"storage":"1Gi"},"persistentVolumeReclaimPolicy":"Retain","volumeMode":"Filesystem"}"#
        ),
    ])
    func clusterKindsGetTheirSpecDefaults(object: String, spec: String) {
        var o = json(object)
        applyDefaults(to: &o)
        #expect(o["spec"] == json(spec))
    }

    @Test func storageClassDefaults() {
        var sc = json(
            #"{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"s"},"provisioner":"x"}"#)
        applyDefaults(to: &sc)
        #expect(sc["reclaimPolicy"] == "Delete")
        #expect(sc["volumeBindingMode"] == "Immediate")
    }

    @Test func secretStringDataIsStoredAsData() {
        var secret = json(
            #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"a":"YQ=="},"stringData":{"b":"hello","a":"x"}}"#
        )
        applyDefaults(to: &secret)
        #expect(secret["stringData"] == nil)
        #expect(secret["data"] == json(#"{"a":"eA==","b":"aGVsbG8="}"#))
        #expect(secret["type"] == "Opaque")
    }
}
