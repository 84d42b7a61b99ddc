import Lint
import Manifests
import Testing

@Suite struct SchemaValidatorTests {
    private func findings(_ text: String) throws -> [Finding] {
        let source = KubernetesSource(path: "pod.yaml", text: text, documents: try parseYAML(text, path: "pod.yaml"))
        return KubernetesChecker().check([source])
    }

    private func pod(env: [String]) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
            - name: c
              image: busybox
              env:
        \(env.map { "        - {name: \($0), value: x}" }.joined(separator: "\n"))

        """
    }

    /// Duplicate list-map keys are found in short lists and in long ones (which are hashed).
    @Test(arguments: [5, 40])
    func duplicateEnvNames(count: Int) throws {
        var names = (0..<count).map { "VAR_\($0)" }
        names.append("VAR_2")
        let found = try findings(pod(env: names))
        #expect(found.count == 1)
        #expect(found.first?.line == 10 + count)
        #expect(found.first?.message.contains("name \"VAR_2\"; the first is at line 12") == true)
    }

    /// Every problem in one object is reported, not only the first.
    @Test func reportsEveryErrorOfAnObject() throws {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              restartPolicy: Sometimes
              hostNetwork: "yes"
              containers:
                - name: c
                  image: 42
                  ports:
                    - containerPort: http
                  resources:
                    limits: {memory: 1GB}

            """
        let found = try findings(text)
        #expect(found.map(\.line) == [6, 7, 10, 12, 14])
        #expect(found.allSatisfy { $0.rule == "kubernetes-schema" && $0.level == .error })
    }
}
