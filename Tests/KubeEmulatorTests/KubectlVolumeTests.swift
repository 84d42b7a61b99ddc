import Foundation
import Testing

@testable import KubeEmulator

extension KubectlFidelity {
    @Suite struct Volumes {
        static let claim = """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 2Gi
            """

        @Test func claimsAreProvisionedAndBound() throws {
            let k = try KubectlHarness()
            let path = try k.file("persistentvolumeclaim-data.yaml", Self.claim)
            #expect(try k.run("apply", "-f", path).stdout == "persistentvolumeclaim/data created\n")
            let wait = try k.run("wait", "--for=jsonpath={.status.phase}=Bound", "pvc/data", "--timeout=20s")
            #expect(wait.stdout == "persistentvolumeclaim/data condition met\n", "\(wait)")
            let row = try k.run("get", "pvc", "data").lines.last?.split(separator: " ", omittingEmptySubsequences: true)
            #expect(row.map { [$0[1], $0[3], $0[4]] } == ["Bound", "2Gi", "RWO"], "\(String(describing: row))")
            let volume = try k.run(
                "get", "pv", "-o", "jsonpath={.items[0].spec.claimRef.name} {.items[0].status.phase}")
            #expect(volume.stdout == "data Bound", "\(volume)")
            #expect(try k.run("apply", "-f", path).stdout == "persistentvolumeclaim/data unchanged\n")

            #expect(try k.run("delete", "-f", path).stdout == "persistentvolumeclaim \"data\" deleted\n")
            var left = ["?"]
            for _ in 0..<100 where !left.isEmpty {
                left = try k.run("get", "pv", "-o", "name").lines
            }
            #expect(left.isEmpty, "the Delete reclaim policy removes the volume")
        }
    }
}
