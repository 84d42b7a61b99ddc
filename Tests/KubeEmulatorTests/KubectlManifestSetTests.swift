import Foundation
import Testing

@testable import KubeEmulator

extension KubectlFidelity {
    /// A typical application's manifests, one of each kind a repository holds.
    @Suite struct ManifestSet {
        static let shop = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: api
              namespace: shop
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: creds
              namespace: shop
            stringData:
              password: hunter2
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: shop
            data:
              mode: fast
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: api
              namespace: shop
            spec:
              selector:
                app: api
              ports:
              - port: 80
                targetPort: 8080
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              namespace: shop
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: api
              template:
                metadata:
                  labels:
                    app: api
                spec:
                  containers:
                  - name: api
                    image: nginx:1.27
                    ports:
                    - containerPort: 8080
                    env:
                    - name: MODE
                      value: fast
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: api
              namespace: shop
            spec:
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: api
                        port:
                          number: 80
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: deny
              namespace: shop
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: api
              namespace: shop
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: api
              maxReplicas: 5
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: api
              namespace: shop
            spec:
              minAvailable: 1
              selector:
                matchLabels:
                  app: api
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: reader
              namespace: shop
            rules:
            - apiGroups: [""]
              resources: [configmaps]
              verbs: [get, list]
            ---
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: fast
            provisioner: example.com/fast
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
              namespace: shop
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 1Gi
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: nightly
              namespace: shop
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                      - name: c
                        image: busybox:1.36
            """

        @Test func applyTwiceCreatesThenLeavesEverythingUnchanged() throws {
            let k = try KubectlHarness()
            let path = try k.file("shop.yaml", Self.shop)
            let first = try k.run("apply", "-f", path)
            #expect(first.status == 0, "\(first)")
            #expect(first.lines.count == 14)
            #expect(first.lines.allSatisfy { $0.hasSuffix(" created") }, "\(first)")

            let second = try k.run("apply", "-f", path)
            // kubectl itself always re-sends a Secret's stringData and a PDB's replace-strategy
            // selector, so real clusters report those two as configured too.
            let configured = second.lines.filter { !$0.hasSuffix(" unchanged") }
            #expect(
                configured == ["secret/creds configured", "poddisruptionbudget.policy/api configured"], "\(second)")

            let diff = try k.run("diff", "-f", path)
            #expect(diff.status == 0, "\(diff)")
            #expect(try k.run("apply", "--server-side", "-f", path).status == 0)
            let serverDiff = try k.run("diff", "--server-side", "-f", path)
            #expect(serverDiff.status == 0, "\(serverDiff)")
            let secret = try k.run("get", "secret", "creds", "-n", "shop", "-o", "jsonpath={.data.password}")
            #expect(secret.stdout == Data("hunter2".utf8).base64EncodedString(), "stringData is stored as data")
        }
    }
}
