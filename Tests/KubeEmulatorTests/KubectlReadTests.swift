import Foundation
import Manifests
import Testing

@testable import KubeEmulator

extension KubectlFidelity {
    @Suite struct Read {
        @Test func versionReportsTheServerVersion() throws {
            let k = try KubectlHarness()
            let result = try k.run("version")
            #expect(result.status == 0, "\(result)")
            #expect(result.lines.contains("Server Version: v1.32.0"), "\(result)")
            #expect(k.requests.contains { $0.method == "GET" && $0.path == "/version" })
        }

        @Test(arguments: [true, false])
        func apiResourcesListsBuiltInKinds(aggregated: Bool) throws {
            var options = EmulatorOptions.default
            options.servesAggregatedDiscovery = aggregated
            let k = try KubectlHarness(options)
            let result = try k.run("api-resources")
            #expect(result.status == 0, "\(result)")
            let header = result.lines.first?.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            #expect(header == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"])
            let rows = Set(
                result.lines.dropFirst().map {
                    $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                })
            for row in [
                "deployments deploy apps/v1 true Deployment", "configmaps cm v1 true ConfigMap",
                "namespaces ns v1 false Namespace",
                "customresourcedefinitions crd,crds apiextensions.k8s.io/v1 false CustomResourceDefinition",
                "ingresses ing networking.k8s.io/v1 true Ingress",
                "clusterroles rbac.authorization.k8s.io/v1 false ClusterRole",
            ] {
                #expect(rows.contains(row), "missing \(row)")
            }
            let groupCalls = k.requests.filter { $0.path.hasPrefix("/apis/") }
            #expect(aggregated ? groupCalls.isEmpty : !groupCalls.isEmpty, "per-group discovery only when legacy")
        }

        @Test func apiResourcesOfOneGroupByName() throws {
            let k = try KubectlHarness()
            let result = try k.run("api-resources", "--api-group=apps", "-o", "name")
            #expect(
                result.lines == [
                    "controllerrevisions.apps", "daemonsets.apps", "deployments.apps", "replicasets.apps",
                    "statefulsets.apps",
                ], "\(result)")
        }

        @Test func getNamespacesPrintsTheServerTable() throws {
            let k = try KubectlHarness()
            let result = try k.run("get", "ns")
            #expect(result.status == 0, "\(result)")
            let rows = result.lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            #expect(rows.first == ["NAME", "STATUS", "AGE"])
            #expect(rows.dropFirst().map { $0.prefix(2) }.contains(["default", "Active"]))
            #expect(rows.count == 5, "default, kube-node-lease, kube-public, kube-system")
        }

        @Test func getNodesShowsOneReadyNode() throws {
            let k = try KubectlHarness()
            let result = try k.run("get", "nodes")
            let rows = result.lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            #expect(rows.first == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"], "\(result)")
            #expect(rows.count == 2)
            #expect(
                rows.last.map { [$0[0], $0[1], $0[2], $0[4]] } == [
                    "emulator-node", "Ready", "control-plane", "v1.32.0",
                ])
        }

        @Test func theAPIServerServiceExists() throws {
            let k = try KubectlHarness()
            let result = try k.run("get", "svc")
            let rows = result.lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            #expect(rows.first == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], "\(result)")
            #expect(
                rows.dropFirst().map { Array($0.prefix(5)) } == [
                    ["kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP"]
                ])
        }

        @Test func getAsJSONIsAListWithServerMetadata() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("cm.yaml", Fixtures.configMapDemo)).status == 0)
            let result = try k.run("get", "cm", "-o", "json")
            let list = try Value(json: result.stdout)
            #expect(list["kind"] == "List")
            #expect(list[path: ["metadata", "resourceVersion"]] == "")
            let names = (list["items"]?.arrayValue ?? []).compactMap { $0[path: ["metadata", "name"]]?.stringValue }
            #expect(names == ["demo", "kube-root-ca.crt"])
            let demo = list["items"]?.arrayValue?.first
            #expect(demo?[path: ["metadata", "resourceVersion"]]?.stringValue?.isEmpty == false)
        }

        @Test(arguments: [
            (["-l", "app=demo"], ["demo"]),
            (["-l", "app in (demo,other)"], ["demo"]),
            (["-l", "!app"], ["kube-root-ca.crt", "plain"]),
            (["-l", "app!=demo"], ["kube-root-ca.crt", "plain"]),
            (["--field-selector", "metadata.name=plain"], ["plain"]),
            (["--field-selector", "metadata.name!=plain"], ["demo", "kube-root-ca.crt"]),
        ])
        func getFiltersBySelectors(selector: [String], names: [String]) throws {
            let k = try KubectlHarness()
            #expect(
                try k.run("apply", "-f", k.file("demo.yaml", Fixtures.configMap("demo", labels: ["app": "demo"])))
                    .status == 0)
            #expect(try k.run("apply", "-f", k.file("plain.yaml", Fixtures.configMap("plain"))).status == 0)
            let result = try k.run(["get", "cm", "-o", "name"] + selector)
            #expect(result.status == 0, "\(result)")
            #expect(result.lines == names.map { "configmap/\($0)" })
        }

        @Test func unknownFieldSelectorIsABadRequest() throws {
            let k = try KubectlHarness()
            let result = try k.run("get", "cm", "--field-selector", "foo=bar")
            #expect(result.status == 1)
            #expect(
                result.stderr.hasPrefix("Error from server (BadRequest): ")
                    && result.stderr.hasSuffix(
                        "\"foo\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"\n"),
                "\(result)")
        }

        @Test func chunkedListGivesTheSameOutput() throws {
            let k = try KubectlHarness()
            for name in ["a", "b", "c"] {
                #expect(try k.run("apply", "-f", k.file("\(name).yaml", Fixtures.configMap(name))).status == 0)
            }
            let whole = try k.run("get", "cm", "-o", "name")
            k.server.clearRequestLog()
            let chunked = try k.run("get", "cm", "-o", "name", "--chunk-size=1")
            #expect(chunked.stdout == whole.stdout)
            #expect(whole.lines.count == 4)
            let pages = k.requests.filter { $0.path == "/api/v1/namespaces/default/configmaps" }
            #expect(pages.count == 4, "\(pages)")
            #expect(pages.dropFirst().allSatisfy { $0.query.contains("continue=") })
        }

        @Test func watchWithEventsShowsAddedThenModified() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("cm.yaml", Fixtures.configMapDemo)).status == 0)
            let watch = try k.start("get", "cm", "demo", "-w", "--output-watch-events")
            defer { watch.stop() }
            #expect(watch.waitFor("ADDED"), "\(watch.stdout)")
            #expect(try k.run("annotate", "cm", "demo", "x=y").stdout == "configmap/demo annotated\n")
            #expect(watch.waitFor("MODIFIED"), "\(watch.stdout)")
            let events = watch.stdout.split(separator: "\n").map {
                $0.split(separator: " ").first.map(String.init) ?? ""
            }
            #expect(events == ["EVENT", "ADDED", "MODIFIED"], "\(watch.stdout)")
            #expect(!watch.stdout.contains("BOOKMARK"))
        }

        @Test func watchEndsWhenTheClientGoesAway() throws {
            let k = try KubectlHarness()
            let watch = try k.start("get", "cm", "-w")
            #expect(watch.waitFor("kube-root-ca.crt"), "\(watch.stdout)")
            #expect(k.server.api.state.withLock { $0.watcherCount } == 1)
            watch.stop()
            var open = 1
            for _ in 0..<100 where open > 0 {
                Thread.sleep(forTimeInterval: 0.05)
                open = k.server.api.state.withLock { $0.watcherCount }
            }
            #expect(open == 0, "the server notices the closed connection without waiting for an event")
        }

        @Test func watchOfOneObjectPrintsCurrentStateThenChanges() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("cm.yaml", Fixtures.configMapDemo)).status == 0)
            let watch = try k.start("get", "cm", "demo", "-w")
            defer { watch.stop() }
            #expect(watch.waitFor("demo"), "\(watch.stdout)")
            #expect(try k.run("label", "cm", "demo", "l=1").stdout == "configmap/demo labeled\n")
            let deadline = Date().addingTimeInterval(20)
            while watch.stdout.split(separator: "\n").count < 3, Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            }
            let rows = watch.stdout.split(separator: "\n")
            #expect(rows.count == 3, "header, current state, one change: \(watch.stdout)")
            #expect(rows.dropFirst().allSatisfy { $0.hasPrefix("demo ") })
        }
    }
}
