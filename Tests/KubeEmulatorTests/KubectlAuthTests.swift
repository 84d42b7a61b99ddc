import Foundation
import Manifests
import Testing

@testable import KubeEmulator

extension KubectlFidelity {
    @Suite struct Auth {
        static let loginError =
            "error: You must be logged in to the server (the server has asked for the client to provide credentials)\n"

        @Test func badTokenIsUnauthorized() throws {
            let k = try KubectlHarness()
            let result = try k.run("--token=bad", "get", "cm")
            #expect(result.status == 1)
            #expect(result.stderr.hasSuffix(Auth.loginError), "\(result)")
            #expect(
                result.stderr.contains(
                    "couldn't get current server API group list: the server has asked for the client to provide credentials"
                ))
            #expect(k.requests.allSatisfy { $0.status == 401 })
        }

        @Test func forbiddenFaultIsWordedAsRBAC() throws {
            let k = try KubectlHarness()
            k.server.addFault(
                Fault(
                    method: "GET", pathPrefix: "/api/v1/namespaces/default/configmaps",
                    kind: .forbidden(verb: "list", resource: "configmaps")))
            let result = try k.run("get", "cm")
            #expect(result.status == 1)
            #expect(
                result.stderr
                    == "Error from server (Forbidden): configmaps is forbidden: User \"admin\" cannot list resource "
                    + "\"configmaps\" in API group \"\" in the namespace \"default\"\n", "\(result)")
            k.server.removeAllFaults()
            #expect(try k.run("get", "cm").status == 0)
        }

        @Test func injectedStatusFiresTheGivenNumberOfTimes() throws {
            let k = try KubectlHarness()
            k.server.addFault(
                Fault(
                    method: "GET", pathPrefix: "/api/v1/namespaces/default/configmaps/kube-root-ca.crt",
                    kind: .status(code: 503, reason: "ServiceUnavailable", message: "etcd is sleeping", count: 1)))
            let failed = try k.run("get", "cm", "kube-root-ca.crt", "-o", "name")
            #expect(failed.status == 1)
            #expect(failed.stderr == "Error from server (ServiceUnavailable): etcd is sleeping\n", "\(failed)")
            let next = try k.run("get", "cm", "kube-root-ca.crt", "-o", "name")
            #expect(next.stdout == "configmap/kube-root-ca.crt\n", "\(next)")
        }

        @Test func clientCertificateAuthenticates() throws {
            var options = EmulatorOptions.default
            options.auth = .clientCertificate
            let k = try KubectlHarness(options)
            let ok = try k.run("get", "ns", "default", "-o", "name")
            #expect(ok.stdout == "namespace/default\n", "\(ok)")

            // A user with no credentials at all makes kubectl prompt for a password; a token is not a certificate.
            let noCert = k.server.kubeconfig().split(separator: "\n").filter { !$0.contains("client-") }
                .joined(separator: "\n").replacingOccurrences(of: "  user:\n", with: "  user:\n    token: not-a-cert\n")
            let path = try k.file("no-cert.kubeconfig", noCert + "\n")
            let denied = try k.run("get", "ns", kubeconfig: k.dir.appendingPathComponent(path).path)
            #expect(denied.status == 1)
            #expect(denied.stderr.contains("error: You must be logged in to the server ("), "\(denied)")
        }

        @Test func execPluginTokenAuthenticates() throws {
            let k = try KubectlHarness()
            let token = try #require(k.server.token)
            let plugin = k.dir.appendingPathComponent("credential-plugin.sh").path
            let script =
                "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                + "\"status\":{\"token\":\"\(token)\"}}'\n"
            try script.write(toFile: plugin, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin)
            let exec = k.server.kubeconfig().replacingOccurrences(
                of: "    token: \(token)\n",
                with: "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: \(plugin)\n"
                    + "      interactiveMode: Never\n")
            let path = try k.file("exec.kubeconfig", exec)
            let result = try k.run(
                "get", "ns", "default", "-o", "name", kubeconfig: k.dir.appendingPathComponent(path).path)
            #expect(result.stdout == "namespace/default\n", "\(result)")
        }

        @Test func unknownCertificateAuthorityIsRefused() throws {
            let k = try KubectlHarness()
            let other = try CertificateSet.generate(caName: "some-other-ca")
            let wrongCA = k.server.kubeconfig().replacingOccurrences(
                of: Data(k.server.caPEM.utf8).base64EncodedString(),
                with: Data(other.caCertificate.utf8).base64EncodedString())
            let path = try k.file("wrong-ca.kubeconfig", wrongCA)
            let result = try k.run("get", "ns", kubeconfig: k.dir.appendingPathComponent(path).path)
            #expect(result.status == 1)
            #expect(
                result.stderr.hasSuffix(
                    "Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by "
                        + "unknown authority\n"), "\(result)")
        }
    }
}
