import Foundation
import Manifests
import Testing

@testable import KubeEmulator

extension KubectlFidelity {
    @Suite struct Delete {
        @Test func deleteRemovesTheObject() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("cm.yaml", Fixtures.configMapDemo)).status == 0)
            k.server.clearRequestLog()
            let result = try k.run("delete", "cm", "demo")
            #expect(result.stdout == "configmap \"demo\" deleted\n", "\(result)")
            #expect(k.requests.first?.method == "DELETE")
            let get = try k.run("get", "cm", "demo")
            #expect(get.status == 1)
            #expect(get.stderr == "Error from server (NotFound): configmaps \"demo\" not found\n", "\(get)")
        }

        @Test func finalizerKeepsTheObjectUntilItIsRemoved() throws {
            let k = try KubectlHarness()
            let manifest = Fixtures.configMapDemo.replacingOccurrences(
                of: "  name: demo\n", with: "  name: demo\n  finalizers: [example.com/hold]\n")
            #expect(try k.run("apply", "-f", k.file("cm.yaml", manifest)).status == 0)
            let timedOut = try k.run("delete", "cm", "demo", "--timeout=2s")
            #expect(timedOut.status == 1)
            #expect(timedOut.stdout == "configmap \"demo\" deleted\n", "\(timedOut)")
            #expect(
                timedOut.stderr.hasSuffix("error: timed out waiting for the condition on configmaps/demo\n"),
                "\(timedOut)")
            let stamped = try k.run("get", "cm", "demo", "-o", "jsonpath={.metadata.deletionTimestamp}")
            #expect(!stamped.stdout.isEmpty, "deletionTimestamp is set")

            let waiting = try k.start("delete", "cm", "demo", "--timeout=30s")
            defer { waiting.stop() }
            #expect(waiting.waitFor("deleted"))
            let patch = try k.run("patch", "cm", "demo", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}")
            #expect(patch.stdout == "configmap/demo patched\n", "\(patch)")
            #expect(waiting.waitForExit())
            #expect(waiting.process.terminationStatus == 0)
            #expect(try k.run("get", "cm", "demo").status == 1)
        }

        @Test func deletingADeploymentCollectsItsReplicaSets() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("deploy.yaml", Fixtures.deploymentWeb())).status == 0)
            #expect(try k.run("rollout", "status", "deployment/web", "--timeout=30s").status == 0)
            #expect(try k.run("get", "rs", "-o", "name").lines.count == 1)
            #expect(try k.run("delete", "deployment", "web").stdout == "deployment.apps \"web\" deleted\n")
            let left = try k.run("get", "rs", "-o", "name")
            #expect(left.lines.isEmpty, "\(left)")
        }

        @Test func foregroundDeletionWaitsForDependents() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("deploy.yaml", Fixtures.deploymentWeb())).status == 0)
            #expect(try k.run("rollout", "status", "deployment/web", "--timeout=30s").status == 0)
            let result = try k.run("delete", "deployment", "web", "--cascade=foreground", "--timeout=20s")
            #expect(result.status == 0, "\(result)")
            #expect(try k.run("get", "deploy,rs", "-o", "name").lines.isEmpty)
        }

        @Test func systemNamespacesCannotBeDeleted() throws {
            let k = try KubectlHarness()
            let result = try k.run("delete", "ns", "default")
            #expect(result.status == 1)
            #expect(
                result.stderr
                    == "Error from server (Forbidden): namespaces \"default\" is forbidden: this namespace may not be deleted\n",
                "\(result)")
        }

        @Test func deletingANamespaceRemovesItsContents() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("ns.yaml", Fixtures.namespaceTeam)).status == 0)
            #expect(
                try k.run("apply", "-f", k.file("cm.yaml", Fixtures.configMap("inside", namespace: "team"))).status == 0
            )
            let names = try k.run("get", "cm", "-n", "team", "-o", "name")
            #expect(names.lines == ["configmap/inside", "configmap/kube-root-ca.crt"])
            #expect(try k.run("get", "sa", "default", "-n", "team", "-o", "name").stdout == "serviceaccount/default\n")
            let deleted = try k.run("delete", "ns", "team", "--timeout=20s")
            #expect(deleted.status == 0, "\(deleted)")
            #expect(try k.run("get", "ns", "team").status == 1)
        }
    }
}
