import Foundation
import Testing

@testable import KubeEmulator

extension KubectlFidelity {
    @Suite struct Pods {
        @Test func runStartsAPodThatBecomesReady() throws {
            let k = try KubectlHarness()
            #expect(try k.run("run", "p", "--image=nginx:1.27").stdout == "pod/p created\n")
            let wait = try k.run("wait", "--for=condition=Ready", "pod/p", "--timeout=20s")
            #expect(wait.stdout == "pod/p condition met\n", "\(wait)")
            let row = try k.run("get", "pod", "p", "-o", "wide").lines.last?.split(
                separator: " ", omittingEmptySubsequences: true
            ).map(String.init)
            #expect(
                row.map { [$0[0], $0[1], $0[2], $0[6]] } == ["p", "1/1", "Running", "emulator-node"],
                "\(String(describing: row))")
            #expect(try k.run("delete", "pod", "p").stdout == "pod \"p\" deleted\n")
        }

        @Test func brokenImageWaitsInImagePullBackOff() throws {
            var options = EmulatorOptions.default
            options.brokenImagePattern = ":broken"
            let k = try KubectlHarness(options)
            #expect(try k.run("run", "q", "--image=nginx:broken").status == 0)
            var status = ""
            for _ in 0..<100 where status != "ImagePullBackOff" {
                let row = try k.run("get", "pod", "q").lines.last?.split(
                    separator: " ", omittingEmptySubsequences: true)
                status = row.map { String($0[2]) } ?? ""
            }
            #expect(status == "ImagePullBackOff")
            let ready = try k.run("wait", "--for=condition=Ready", "pod/q", "--timeout=1s")
            #expect(ready.status == 1)
        }
    }
}
