/// How a connection reaches the server and proves identities: copied into every libcurl handle.
struct TLSSettings: Sendable, Equatable {
    var caPEM: [UInt8]?
    var caFile: String?
    var clientCertPEM: [UInt8]?
    var clientCertFile: String?
    var clientKeyPEM: [UInt8]?
    var clientKeyFile: String?
    var insecureSkipVerify = false
    /// Name to verify the server certificate against instead of the URL's host.
    var serverName: String?
    var proxyURL: String?
    /// Ask for gzip-compressed answers (libcurl decodes them).
    var compression = true
}
