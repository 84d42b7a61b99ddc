import Foundation

/// A throw-away CA and a server certificate for `localhost` (SANs `DNS:localhost` and
/// `IP:127.0.0.1`), made with the `openssl` command line in `directory`.
public struct TestCertificateAuthority: Sendable {
    /// PEM of the CA certificate: what clients must trust.
    public let caFile: String
    public let serverCertificateFile: String
    public let serverKeyFile: String

    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        caFile = directory + "/ca.pem"
        serverCertificateFile = directory + "/server.pem"
        serverKeyFile = directory + "/server.key"
        let caKey = directory + "/ca.key"
        let request = directory + "/server.csr"
        let extensions = directory + "/server.ext"
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"
            .write(toFile: extensions, atomically: true, encoding: .utf8)
        try ProcessRunner.check(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                caKey, "-out", caFile, "-days", "2", "-subj", "/CN=gitops-agent test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        try ProcessRunner.check(
            "openssl",
            [
                "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                serverKeyFile, "-out", request, "-subj", "/CN=localhost",
            ])
        try ProcessRunner.check(
            "openssl",
            [
                "x509", "-req", "-in", request, "-CA", caFile, "-CAkey", caKey, "-CAcreateserial", "-out",
                serverCertificateFile, "-days", "2", "-extfile", extensions,
            ])
    }
}
