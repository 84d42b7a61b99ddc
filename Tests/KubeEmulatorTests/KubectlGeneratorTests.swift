import Foundation
import Testing

@testable import KubeEmulator

extension KubectlFidelity {
    /// `kubectl create <generator>` sends protobuf bodies (KUBE-API.md §1.4).
    @Suite struct Generators {
        @Test func createNamespaceConfigMapAndSecretFromProtobuf() throws {
            let k = try KubectlHarness()
            #expect(try k.run("create", "namespace", "t1").stdout == "namespace/t1 created\n")
            let cm = try k.run("create", "configmap", "c1", "--from-literal=a=1", "--from-literal=b=two", "-n", "t1")
            #expect(cm.stdout == "configmap/c1 created\n", "\(cm)")
            let secret = try k.run("create", "secret", "generic", "s1", "--from-literal=p=hunter2", "-n", "t1")
            #expect(secret.stdout == "secret/s1 created\n", "\(secret)")
            #expect(k.requests.contains { $0.contentType == "application/vnd.kubernetes.protobuf" })

            #expect(
                try k.run("get", "cm", "c1", "-n", "t1", "-o", "jsonpath={.data}").stdout
                    == "{\"a\":\"1\",\"b\":\"two\"}")
            let stored = try k.run("get", "secret", "s1", "-n", "t1", "-o", "jsonpath={.data.p} {.type}")
            #expect(stored.stdout == "\(Data("hunter2".utf8).base64EncodedString()) Opaque", "\(stored)")
            let again = try k.run("create", "configmap", "c1", "--from-literal=a=1", "-n", "t1")
            #expect(again.stderr == "error: failed to create configmap: configmaps \"c1\" already exists\n", "\(again)")
        }

        @Test func otherProtobufBodiesAreUnsupported() throws {
            let k = try KubectlHarness()
            let result = try k.run("create", "deployment", "d", "--image=nginx")
            #expect(result.status == 1)
            #expect(
                result.stderr.hasPrefix(
                    "error: failed to create deployment: the body of the request was in an unknown format"), "\(result)"
            )
        }
    }
}
