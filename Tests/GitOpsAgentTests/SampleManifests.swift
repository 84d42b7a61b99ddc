/// Small manifests for the end-to-end tests, in the layout of the demo repository.
enum SampleManifests {
    static func namespace(_ name: String, annotations: [String: String] = [:]) -> String {
        var text = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: \(name)

            """
        if !annotations.isEmpty {
            text +=
                "  annotations:\n"
                + annotations.sorted { $0.key < $1.key }.map { "    \($0.key): \"\($0.value)\"\n" }.joined()
        }
        return text
    }

    static func deployment(_ name: String, image: String, replicas: Int = 2, progressDeadline: Int? = nil) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(name)
        spec:
          replicas: \(replicas)
        \(progressDeadline.map { "  progressDeadlineSeconds: \($0)\n" } ?? "")  selector:
            matchLabels:
              app: \(name)
          template:
            metadata:
              labels:
                app: \(name)
            spec:
              containers:
                - name: \(name)
                  image: \(image)

        """
    }

    static func service(_ name: String, port: Int = 8080) -> String {
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: \(name)
        spec:
          selector:
            app: \(name)
          ports:
            - port: \(port)

        """
    }

    static func configMap(_ name: String, _ data: [String: String] = ["LOG_LEVEL": "info"]) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\ndata:\n"
            + data.sorted { $0.key < $1.key }.map { "  \($0.key): \"\($0.value)\"\n" }.joined()
    }

    static func persistentVolumeClaim(_ name: String) -> String {
        """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: \(name)
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Gi

        """
    }

    /// A service directory `kubernetes/cmsweb/services/<name>` with namespace, config map,
    /// service and deployment.
    static func serviceFiles(_ name: String, image: String) -> [String: String?] {
        let dir = "kubernetes/cmsweb/services/\(name)"
        return [
            "\(dir)/namespace.yaml": namespace(name),
            "\(dir)/configmap.yaml": configMap("\(name)-config"),
            "\(dir)/service.yaml": service(name),
            "\(dir)/deployment.yaml": deployment(name, image: image),
        ]
    }

    /// The frontend application: namespace, config map, deployment and service in one file.
    static func frontendFiles(image: String = "registry.example.org/frontend:1.0") -> [String: String?] {
        let dir = "kubernetes/cmsweb/frontend"
        return [
            "\(dir)/namespace.yaml": namespace("frontend"),
            "\(dir)/configmap.yaml": configMap("frontend-config"),
            "\(dir)/frontend.yaml": deployment("frontend", image: image) + "---\n" + service("frontend"),
        ]
    }
}
