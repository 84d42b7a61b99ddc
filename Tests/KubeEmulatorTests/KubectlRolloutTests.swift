import Foundation
import Manifests
import Testing

@testable import KubeEmulator

extension KubectlFidelity {
    @Suite struct Rollout {
        @Test func rolloutStatusWaitsForTheControllers() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("deploy.yaml", Fixtures.deploymentWeb(replicas: 3))).status == 0)
            let status = try k.run("rollout", "status", "deployment/web", "--timeout=30s")
            #expect(status.status == 0, "\(status)")
            #expect(status.lines.last == "deployment \"web\" successfully rolled out", "\(status)")
            let ready = try k.run("get", "deploy", "web")
            let row = ready.lines.last?.split(separator: " ", omittingEmptySubsequences: true).map(String.init) ?? []
            #expect(Array(row.prefix(4)) == ["web", "3/3", "3", "3"], "\(ready)")
            let rs = try k.run(
                "get", "rs", "-o", "jsonpath={.items[*].metadata.annotations.deployment\\.kubernetes\\.io/revision}")
            #expect(rs.stdout == "1", "\(rs)")
        }

        @Test func rolloutStatusTimesOutWithoutControllers() throws {
            var options = EmulatorOptions.default
            options.runsControllers = false
            let k = try KubectlHarness(options)
            #expect(try k.run("apply", "-f", k.file("deploy.yaml", Fixtures.deploymentWeb())).status == 0)
            let status = try k.run("rollout", "status", "deployment/web", "--timeout=2s")
            #expect(status.status == 1)
            #expect(status.stdout.hasPrefix("Waiting for deployment spec update to be observed...\n"), "\(status)")
            #expect(status.stderr == "error: timed out waiting for the condition\n", "\(status)")
        }

        @Test func brokenImageExceedsTheProgressDeadline() throws {
            var options = EmulatorOptions.default
            options.brokenImagePattern = ":broken"
            let k = try KubectlHarness(options)
            let manifest = Fixtures.deploymentWeb(image: "nginx:broken", deadline: 1)
            #expect(try k.run("apply", "-f", k.file("deploy.yaml", manifest)).status == 0)
            let status = try k.run("rollout", "status", "deployment/web", "--timeout=30s")
            #expect(status.status == 1, "\(status)")
            #expect(status.stderr == "error: deployment \"web\" exceeded its progress deadline\n", "\(status)")
        }

        @Test func restartAddsTheAnnotationAndRollsOut() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("deploy.yaml", Fixtures.deploymentWeb())).status == 0)
            #expect(try k.run("rollout", "status", "deployment/web", "--timeout=30s").status == 0)
            let generation = Int(try k.run("get", "deploy", "web", "-o", "jsonpath={.metadata.generation}").stdout) ?? 0
            let restart = try k.run("rollout", "restart", "deployment/web")
            #expect(restart.stdout == "deployment.apps/web restarted\n", "\(restart)")
            let after = try k.run(
                "get", "deploy", "web", "-o",
                "jsonpath={.metadata.generation} {.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"
            )
            let parts = after.stdout.split(separator: " ")
            #expect(parts.first.flatMap { Int($0) } == generation + 1, "\(after)")
            #expect(parts.count == 2, "restartedAt is set: \(after)")
            #expect(try k.run("rollout", "status", "deployment/web", "--timeout=30s").status == 0)
            let revisions = try k.run(
                "get", "deploy", "web", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")
            #expect(revisions.stdout == "2")
        }

        @Test func historyAndUndoReturnToThePreviousTemplate() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("deploy.yaml", Fixtures.deploymentWeb())).status == 0)
            #expect(try k.run("rollout", "status", "deployment/web", "--timeout=30s").status == 0)
            #expect(try k.run("set", "image", "deployment/web", "c=nginx:1.29").status == 0)
            #expect(try k.run("rollout", "status", "deployment/web", "--timeout=30s").status == 0)
            let history = try k.run("rollout", "history", "deployment/web")
            let rows = history.lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            #expect(
                rows == [["deployment.apps/web"], ["REVISION", "CHANGE-CAUSE"], ["1", "<none>"], ["2", "<none>"]],
                "\(history)")
            #expect(try k.run("rollout", "undo", "deployment/web").stdout == "deployment.apps/web rolled back\n")
            #expect(try k.run("rollout", "status", "deployment/web", "--timeout=30s").status == 0)
            let after = try k.run(
                "get", "deploy", "web", "-o",
                "jsonpath={.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}"
            )
            #expect(after.stdout == "nginx:1.27 3", "\(after)")
        }

        @Test func waitForAvailable() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("deploy.yaml", Fixtures.deploymentWeb())).status == 0)
            let wait = try k.run("wait", "--for=condition=Available", "deployment/web", "--timeout=30s")
            #expect(wait.stdout == "deployment.apps/web condition met\n", "\(wait)")
        }

        @Test(arguments: ["statefulset", "daemonset"])
        func rolloutStatusOfSetsNeedsTheDefaultedStrategy(kind: String) throws {
            let k = try KubectlHarness()
            let name = kind == "statefulset" ? "db" : "agent"
            let kindName = kind == "statefulset" ? "StatefulSet" : "DaemonSet"
            let manifest = """
                apiVersion: apps/v1
                kind: \(kindName)
                metadata:
                  name: \(name)
                spec:
                \(kind == "statefulset" ? "  replicas: 2\n  serviceName: \(name)\n" : "")  selector:
                    matchLabels:
                      app: \(name)
                  template:
                    metadata:
                      labels:
                        app: \(name)
                    spec:
                      containers:
                      - name: c
                        image: busybox:1.36
                """
            #expect(try k.run("apply", "-f", k.file("\(kind)-\(name).yaml", manifest)).status == 0)
            let status = try k.run("rollout", "status", "\(kind)/\(name)", "--timeout=30s")
            #expect(status.status == 0, "\(status)")
            let expected =
                kind == "statefulset"
                ? "partitioned roll out complete: 2 new pods have been updated..."
                : "daemon set \"agent\" successfully rolled out"
            #expect(status.lines.last == expected, "\(status)")
        }

        @Test func waitForJobCompletion() throws {
            let k = try KubectlHarness()
            let manifest = """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: j
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: c
                        image: busybox:1.36
                """
            #expect(try k.run("apply", "-f", k.file("job-j.yaml", manifest)).status == 0)
            let wait = try k.run("wait", "--for=condition=complete", "job/j", "--timeout=30s")
            #expect(wait.stdout == "job.batch/j condition met\n", "\(wait)")
        }
    }
}
