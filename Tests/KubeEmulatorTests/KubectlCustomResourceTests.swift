import Foundation
import Manifests
import Testing

@testable import KubeEmulator

extension KubectlFidelity {
    @Suite struct CustomResources {
        @Test func crdIsEstablishedAndItsResourcesServed() throws {
            let k = try KubectlHarness()
            #expect(
                try k.run("apply", "-f", k.file("crd.yaml", Fixtures.crdWidgets)).stdout
                    == "customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n")
            let wait = try k.run("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=10s")
            #expect(
                wait.stdout == "customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met\n",
                "\(wait)")

            let path = try k.file("widget-w1.yaml", Fixtures.widgetW1)
            #expect(try k.run("apply", "-f", path).stdout == "widget.example.com/w1 created\n")
            try k.file("widget-w1.yaml", Fixtures.widgetW1.replacingOccurrences(of: "small", with: "large"))
            k.server.clearRequestLog()
            #expect(try k.run("apply", "-f", path).stdout == "widget.example.com/w1 configured\n")
            #expect(k.requests.first { $0.method == "PATCH" }?.contentType == "application/merge-patch+json")

            let table = try k.run("get", "widgets")
            let rows = table.lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            #expect(rows == [["NAME", "SIZE"], ["w1", "large"]], "\(table)")
            let generation = try k.run("get", "wd", "w1", "-o", "jsonpath={.metadata.generation}")
            #expect(generation.stdout == "2")
            #expect(
                try k.run("api-resources", "--api-group=example.com", "-o", "name").stdout == "widgets.example.com\n")
        }

        @Test func deletingTheCRDRemovesItsResources() throws {
            let k = try KubectlHarness()
            #expect(try k.run("apply", "-f", k.file("crd.yaml", Fixtures.crdWidgets)).status == 0)
            #expect(
                try k.run("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=10s").status == 0
            )
            #expect(try k.run("apply", "-f", k.file("w1.yaml", Fixtures.widgetW1)).status == 0)
            #expect(try k.run("delete", "crd", "widgets.example.com").status == 0)
            let get = try k.run("get", "widgets")
            #expect(get.status == 1)
            // kubectl's discovery cache still knows the type, so it lists and gets a 404, as from a real server.
            #expect(
                get.stderr
                    == "Error from server (NotFound): Unable to list \"example.com/v1, Resource=widgets\": the server "
                    + "could not find the requested resource\n", "\(get)")
        }
    }
}
