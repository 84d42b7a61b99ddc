import Foundation
import Spawn
import Synchronization

/// The CA, server and client certificates of an emulator, PEM encoded, made with the
/// `openssl` command (test support: no key ever leaves the test machine).
struct CertificateSet: Sendable {
    var caCertificate: String
    var caKey: String
    var serverCertificate: String
    var serverKey: String
    /// Client certificate for mTLS: CN `admin`, O `system:masters`.
    var clientCertificate: String
    var clientKey: String

    private static let cached = Mutex<CertificateSet?>(nil)

    /// One set per process: making certificates costs a few openssl runs, and emulators in
    /// one test process can share a CA.
    static func shared() throws(EmulatorError) -> CertificateSet {
        try cached.withLock { (cached: inout CertificateSet?) throws(EmulatorError) -> CertificateSet in
            if let cached { return cached }
            let made = try generate()
            cached = made
            return made
        }
    }

    /// A fresh CA with server and client certificates signed by it.
    static func generate(caName: String = "kube-emulator-ca") throws(EmulatorError) -> CertificateSet {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kube-emulator-pki-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw EmulatorError("could not create \(dir.path) for certificates: \(error)")
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.path
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(
            ["req", "-x509"] + ec + [
                "-keyout", "\(p)/ca.key", "-out", "\(p)/ca.crt", "-days", "3650",
                "-subj", "/CN=\(caName)", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ], in: p)
        try write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n", to: "\(p)/server.ext")
        try write("extendedKeyUsage=clientAuth\n", to: "\(p)/client.ext")
        for (name, subject) in [("server", "/CN=kube-apiserver"), ("client", "/O=system:masters/CN=admin")] {
            try openssl(
                ["req"] + ec + ["-keyout", "\(p)/\(name).key", "-out", "\(p)/\(name).csr", "-subj", subject], in: p)
            try openssl(
                [
                    "x509", "-req", "-in", "\(p)/\(name).csr", "-CA", "\(p)/ca.crt", "-CAkey", "\(p)/ca.key",
                    "-CAcreateserial", "-out", "\(p)/\(name).crt", "-days", "3650", "-extfile", "\(p)/\(name).ext",
                ], in: p)
        }
        return CertificateSet(
            caCertificate: try read("\(p)/ca.crt"), caKey: try read("\(p)/ca.key"),
            serverCertificate: try read("\(p)/server.crt"), serverKey: try read("\(p)/server.key"),
            clientCertificate: try read("\(p)/client.crt"), clientKey: try read("\(p)/client.key"))
    }

    /// Runs openssl (with `Spawn`: see Sources/Spawn/Spawn.swift for why not `Process`).
    private static func openssl(_ arguments: [String], in dir: String) throws(EmulatorError) {
        let result: SpawnResult
        do {
            result = try Spawn.run("/usr/bin/openssl", arguments, currentDirectory: dir, timeout: .seconds(60))
        } catch {
            throw EmulatorError("could not run /usr/bin/openssl (\(error)); install the openssl package")
        }
        guard result.status == 0 else {
            throw EmulatorError("openssl \(arguments.first ?? "") failed (exit \(result.status)): \(result.stderrText)")
        }
    }

    private static func write(_ text: String, to path: String) throws(EmulatorError) {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw EmulatorError("could not write \(path): \(error)")
        }
    }

    private static func read(_ path: String) throws(EmulatorError) -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw EmulatorError("could not read \(path) that openssl should have written: \(error)")
        }
    }
}
