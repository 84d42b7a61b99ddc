import Foundation
import Manifests
import Testing

@testable import KubeEmulator

extension KubectlFidelity {
    @Suite struct Apply {
        @Test func clientSideApplyCreatesThenReportsUnchanged() throws {
            let k = try KubectlHarness()
            let path = try k.file("configmap-demo.yaml", Fixtures.configMapDemo)
            k.server.clearRequestLog()
            let first = try k.run("apply", "-f", path)
            #expect(first.status == 0, "\(first)")
            #expect(first.stdout == "configmap/demo created\n")
            let post = k.requests.first { $0.method == "POST" }
            #expect(post?.query.contains("fieldManager=kubectl-client-side-apply") == true)
            #expect(post?.query.contains("fieldValidation=Strict") == true)

            k.server.clearRequestLog()
            let second = try k.run("apply", "-f", path)
            #expect(second.status == 0, "\(second)")
            #expect(second.stdout == "configmap/demo unchanged\n")
            #expect(!k.requests.contains { $0.isWrite }, "unchanged apply must not write: \(k.requests)")
        }

        @Test func diffShowsOnlyTheChangedLineThenApplyConfigures() throws {
            let k = try KubectlHarness()
            let path = try k.file("configmap-demo.yaml", Fixtures.configMapDemo)
            #expect(try k.run("apply", "-f", path).status == 0)
            try k.file("configmap-demo.yaml", Fixtures.configMapDemoChanged)

            let diff = try k.run("diff", "-f", path)
            #expect(diff.status == 1, "\(diff)")
            let changed = diff.lines.filter {
                ($0.hasPrefix("-") || $0.hasPrefix("+")) && !$0.hasPrefix("---") && !$0.hasPrefix("+++")
            }
            #expect(changed == ["-  a: \"1\"", "+  a: \"3\""], "\(diff)")
            #expect(!diff.stdout.contains("resourceVersion"))

            let apply = try k.run("apply", "-f", path)
            #expect(apply.stdout == "configmap/demo configured\n", "\(apply)")
            let clean = try k.run("diff", "-f", path)
            #expect(clean.status == 0, "\(clean)")
            #expect(clean.stdout.isEmpty)
        }

        @Test func serverSideApplyAfterClientSideApplyMigratesWithoutConflict() throws {
            let k = try KubectlHarness()
            let path = try k.file("configmap-demo.yaml", Fixtures.configMapDemo)
            #expect(try k.run("apply", "-f", path).status == 0)
            k.server.clearRequestLog()
            let ssa = try k.run("apply", "--server-side", "-f", path)
            #expect(ssa.status == 0, "\(ssa)")
            #expect(ssa.stdout == "configmap/demo serverside-applied\n")
            let patches = k.requests.filter { $0.method == "PATCH" }
            #expect(patches.first?.contentType == "application/apply-patch+yaml")
            #expect(patches.first?.query.contains("fieldManager=kubectl") == true)

            let json = try k.run("get", "cm", "demo", "-o", "json", "--show-managed-fields")
            let object = try Value(json: json.stdout)
            let managers = (object[path: ["metadata", "managedFields"]]?.arrayValue ?? []).compactMap {
                $0["manager"]?.stringValue
            }
            #expect(managers.contains("kubectl"), "\(managers)")
            #expect(object[path: ["metadata", "resourceVersion"]]?.stringValue != nil)
            #expect(object[path: ["metadata", "uid"]]?.stringValue != nil)
            #expect(object[path: ["metadata", "creationTimestamp"]]?.stringValue != nil)
            #expect(object[path: ["metadata", "generation"]] == nil, "ConfigMaps have no generation")
        }

        @Test func serverSideApplyRemovesAFieldDroppedFromTheManifest() throws {
            let k = try KubectlHarness()
            let path = try k.file("configmap-demo.yaml", Fixtures.configMapDemo)
            #expect(try k.run("apply", "--server-side", "-f", path).status == 0)
            try k.file("configmap-demo.yaml", Fixtures.configMapDemoWithoutB)
            #expect(try k.run("apply", "--server-side", "-f", path).status == 0)
            let data = try k.run("get", "cm", "demo", "-o", "jsonpath={.data}")
            #expect(data.stdout == "{\"a\":\"1\"}", "\(data)")

            let diff = try k.run("diff", "--server-side", "-f", path)
            #expect(diff.status == 0, "\(diff)")
        }

        @Test func serverSideDiffExitsOneOnChangeWithADryRunApply() throws {
            let k = try KubectlHarness()
            let path = try k.file("configmap-demo.yaml", Fixtures.configMapDemo)
            #expect(try k.run("apply", "--server-side", "-f", path).status == 0)
            try k.file("configmap-demo.yaml", Fixtures.configMapDemoChanged)
            k.server.clearRequestLog()
            let diff = try k.run("diff", "--server-side", "-f", path)
            #expect(diff.status == 1, "\(diff)")
            #expect(diff.lines.contains("+  a: \"3\""), "\(diff)")
            let patch = k.requests.first { $0.method == "PATCH" }
            #expect(patch?.query.contains("dryRun=All") == true, "\(k.requests)")
            #expect(patch?.isWrite == false)
            #expect(try k.run("get", "cm", "demo", "-o", "jsonpath={.data.a}").stdout == "1")
        }

        @Test func withoutOpenAPIValidationMustBeTurnedOff() throws {
            var options = EmulatorOptions.default
            options.servesOpenAPI = false
            let k = try KubectlHarness(options)
            let path = try k.file("cm.yaml", Fixtures.configMapDemo)
            let refused = try k.run("apply", "-f", path)
            #expect(refused.status == 1)
            #expect(
                refused.stderr
                    == "error: error validating \"cm.yaml\": error validating data: failed to download openapi: the server "
                    + "could not find the requested resource; if you choose to ignore these errors, turn validation off "
                    + "with --validate=false\n", "\(refused)")
            k.server.clearRequestLog()
            let accepted = try k.run("apply", "--validate=false", "-f", path)
            #expect(accepted.stdout == "configmap/demo created\n", "\(accepted)")
            #expect(k.requests.first { $0.method == "POST" }?.query.contains("fieldValidation=Ignore") == true)
        }

        @Test func scaleThenServerSideApplyConflictsUntilForced() throws {
            let k = try KubectlHarness()
            let path = try k.file("deployment-web.yaml", Fixtures.deploymentWeb())
            #expect(
                try k.run("apply", "--server-side", "-f", path).stdout == "deployment.apps/web serverside-applied\n")
            let scale = try k.run("scale", "deployment/web", "--replicas=3")
            #expect(scale.stdout == "deployment.apps/web scaled\n", "\(scale)")

            let conflict = try k.run("apply", "--server-side", "-f", path)
            #expect(conflict.status == 1)
            #expect(
                conflict.stderr.hasPrefix(
                    "error: Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" "
                        + "using apps/v1: .spec.replicas\nPlease review the fields above--they currently have other "
                        + "managers."), "\(conflict)")

            let forced = try k.run("apply", "--server-side", "--force-conflicts", "-f", path)
            #expect(forced.stdout == "deployment.apps/web serverside-applied\n", "\(forced)")
            #expect(try k.run("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}").stdout == "2")
        }

        @Test func serverDryRunChangesNothing() throws {
            let k = try KubectlHarness()
            let path = try k.file("deployment-web.yaml", Fixtures.deploymentWeb())
            #expect(try k.run("apply", "--server-side", "-f", path).status == 0)
            let before = try k.run(
                "get", "deploy", "web", "-o", "jsonpath={.metadata.resourceVersion} {.spec.replicas}")
            try k.file("deployment-web.yaml", Fixtures.deploymentWeb(replicas: 5))
            let dry = try k.run("apply", "--server-side", "--dry-run=server", "-f", path)
            #expect(dry.stdout == "deployment.apps/web serverside-applied (server dry run)\n", "\(dry)")
            let after = try k.run("get", "deploy", "web", "-o", "jsonpath={.metadata.resourceVersion} {.spec.replicas}")
            // The controllers may have written status meanwhile; the spec must be untouched.
            #expect(after.stdout.hasSuffix(" 2"), "\(before.stdout) → \(after.stdout)")
        }

        @Test func createTwiceSaysAlreadyExists() throws {
            let k = try KubectlHarness()
            let path = try k.file("cm.yaml", Fixtures.configMapDemo)
            #expect(try k.run("create", "-f", path).stdout == "configmap/demo created\n")
            let again = try k.run("create", "-f", path)
            #expect(again.status == 1)
            #expect(
                again.stderr
                    == "Error from server (AlreadyExists): error when creating \"cm.yaml\": configmaps \"demo\" already exists\n",
                "\(again)")
        }

        @Test func replaceWithStaleResourceVersionConflicts() throws {
            let k = try KubectlHarness()
            let path = try k.file("cm.yaml", Fixtures.configMapDemo)
            #expect(try k.run("create", "-f", path).status == 0)
            let replaced = try k.run("replace", "-f", path)
            #expect(replaced.stdout == "configmap/demo replaced\n", "\(replaced)")
            try k.file(
                "cm.yaml",
                Fixtures.configMapDemo.replacingOccurrences(
                    of: "  name: demo\n", with: "  name: demo\n  resourceVersion: \"1\"\n"))
            let stale = try k.run("replace", "-f", path)
            #expect(stale.status == 1)
            #expect(
                stale.stderr
                    == "Error from server (Conflict): error when replacing \"cm.yaml\": Operation cannot be fulfilled on "
                    + "configmaps \"demo\": the object has been modified; please apply your changes to the latest "
                    + "version and try again\n", "\(stale)")
        }

        @Test func applyIntoAMissingNamespaceIsNotFound() throws {
            let k = try KubectlHarness()
            let path = try k.file("cm.yaml", Fixtures.configMap("orphan", namespace: "nope"))
            let result = try k.run("apply", "-f", path)
            #expect(result.status == 1)
            #expect(
                result.stderr
                    == "Error from server (NotFound): error when creating \"cm.yaml\": namespaces \"nope\" not found\n",
                "\(result)")
        }

        @Test func applyIntoATerminatingNamespaceIsForbidden() throws {
            let k = try KubectlHarness()
            let ns = try k.file("ns.yaml", Fixtures.namespaceTeam + "\n  finalizers: [example.com/hold]\n")
            #expect(try k.run("apply", "-f", ns).status == 0)
            #expect(try k.run("delete", "ns", "team", "--wait=false").stdout == "namespace \"team\" deleted\n")
            let cm = try k.file("cm.yaml", Fixtures.configMap("late", namespace: "team"))
            let result = try k.run("apply", "-f", cm)
            #expect(result.status == 1)
            #expect(
                result.stderr
                    == "Error from server (Forbidden): error when creating \"cm.yaml\": configmaps \"late\" is forbidden: "
                    + "unable to create new content in namespace team because it is being terminated\n", "\(result)")
            let phase = try k.run("get", "ns", "team", "-o", "jsonpath={.status.phase}")
            #expect(phase.stdout == "Terminating")
        }
    }
}
