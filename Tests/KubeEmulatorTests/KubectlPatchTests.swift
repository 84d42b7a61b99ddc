import Foundation
import Manifests
import Testing

@testable import KubeEmulator

extension KubectlFidelity {
    @Suite struct Patch {
        @Test func annotateAndLabelUseTheirFieldManagers() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("cm.yaml", Fixtures.configMapDemo)).status == 0)
            k.server.clearRequestLog()
            #expect(try k.run("annotate", "cm", "demo", "x=y").stdout == "configmap/demo annotated\n")
            #expect(try k.run("label", "cm", "demo", "l=1").stdout == "configmap/demo labeled\n")
            let patches = k.requests.filter { $0.method == "PATCH" }
            #expect(patches.map(\.contentType) == ["application/merge-patch+json", "application/merge-patch+json"])
            #expect(patches.first?.query.contains("fieldManager=kubectl-annotate") == true)
            #expect(patches.last?.query.contains("fieldManager=kubectl-label") == true)
            let shown = try k.run("get", "cm", "demo", "-o", "jsonpath={.metadata.annotations.x} {.metadata.labels.l}")
            #expect(shown.stdout == "y 1")
        }

        @Test(arguments: [
            ("json", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]", "application/json-patch+json"),
            ("merge", "{\"spec\":{\"replicas\":4}}", "application/merge-patch+json"),
            ("strategic", "{\"spec\":{\"replicas\":4}}", "application/strategic-merge-patch+json"),
        ])
        func patchTypesChangeTheDeployment(type: String, patch: String, contentType: String) throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("deploy.yaml", Fixtures.deploymentWeb())).status == 0)
            k.server.clearRequestLog()
            let result = try k.run("patch", "deployment", "web", "--type=\(type)", "-p", patch)
            #expect(result.stdout == "deployment.apps/web patched\n", "\(result)")
            #expect(k.requests.first { $0.method == "PATCH" }?.contentType == contentType)
            #expect(try k.run("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}").stdout == "4")
            let again = try k.run("patch", "deployment", "web", "--type=\(type)", "-p", patch)
            #expect(again.stdout == "deployment.apps/web patched (no change)\n", "\(again)")
        }

        @Test func failedJSONPatchTestIsInvalid() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("cm.yaml", Fixtures.configMapDemo)).status == 0)
            let result = try k.run(
                "patch", "cm", "demo", "--type=json", "-p", "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"9\"}]")
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("The request is invalid") || result.stderr.contains("Invalid"), "\(result)")
        }

        @Test func setImageBumpsGenerationAndKeepsOtherContainers() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("deploy.yaml", Fixtures.deploymentWeb())).status == 0)
            let before = try k.run("get", "deploy", "web", "-o", "jsonpath={.metadata.generation}")
            k.server.clearRequestLog()
            let result = try k.run("set", "image", "deployment/web", "c=nginx:1.29")
            #expect(result.stdout == "deployment.apps/web image updated\n", "\(result)")
            #expect(k.requests.first { $0.method == "PATCH" }?.contentType == "application/strategic-merge-patch+json")
            let after = try k.run(
                "get", "deploy", "web", "-o",
                "jsonpath={.metadata.generation} {.spec.template.spec.containers[*].image}")
            #expect(after.stdout == "\((Int(before.stdout) ?? 0) + 1) nginx:1.29", "\(before.stdout) → \(after.stdout)")
        }

        @Test func strategicMergePatchOfACustomResourceIsUnsupported() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("crd.yaml", Fixtures.crdWidgets)).status == 0)
            #expect(
                try k.run("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=10s").status == 0
            )
            #expect(try k.run("apply", "-f", k.file("w1.yaml", Fixtures.widgetW1)).status == 0)
            let result = try k.run("patch", "widget", "w1", "--type=strategic", "-p", "{\"spec\":{\"size\":\"big\"}}")
            #expect(result.status == 1)
            #expect(
                result.stderr.contains(
                    "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
                "\(result)")
            let merge = try k.run("patch", "widget", "w1", "--type=merge", "-p", "{\"spec\":{\"size\":\"big\"}}")
            #expect(merge.stdout == "widget.example.com/w1 patched\n", "\(merge)")
        }
    }
}
