import Foundation

/// Manifests the fidelity tests apply, named `<kind>-<state>`.
enum Fixtures {
    static let configMapDemo = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: demo
          labels:
            app: demo
        data:
          a: "1"
          b: "2"
        """

    static let configMapDemoChanged = configMapDemo.replacingOccurrences(of: "a: \"1\"", with: "a: \"3\"")

    static let configMapDemoWithoutB = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: demo
          labels:
            app: demo
        data:
          a: "1"
        """

    static func configMap(_ name: String, namespace: String? = nil, labels: [String: String] = [:]) -> String {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n"
        if let namespace { text += "  namespace: \(namespace)\n" }
        if !labels.isEmpty {
            text += "  labels:\n"
            for (k, v) in labels.sorted(by: { $0.key < $1.key }) { text += "    \(k): \"\(v)\"\n" }
        }
        return text + "data:\n  k: v\n"
    }

    static let namespaceTeam = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team
        """

    static func deploymentWeb(replicas: Int = 2, image: String = "nginx:1.27", deadline: Int? = nil) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: \(replicas)
        \(deadline.map { "  progressDeadlineSeconds: \($0)\n" } ?? "")  selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: c
                image: \(image)
        """
    }

    static let crdWidgets = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          names:
            kind: Widget
            plural: widgets
            singular: widget
            shortNames: [wd]
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Size
              type: string
              jsonPath: .spec.size
        """

    static let widgetW1 = """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: w1
        spec:
          size: small
        """
}
