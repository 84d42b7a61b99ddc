import Foundation
import Manifests
import Spawn

@testable import KubeEmulator

/// Plain HTTPS requests to an emulator with the `curl` command, for what kubectl never sends.
struct RawClient {
    let server: EmulatorServer
    let dir: URL

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
        var json: Value? { try? Value(json: body) }
        /// Watch streams: one JSON event per line.
        var events: [Value] { body.split(separator: "\n").compactMap { try? Value(json: String($0)) } }
    }

    init(_ server: EmulatorServer) throws {
        self.server = server
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("raw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try server.caPEM.write(to: dir.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
    }

    func request(
        _ method: String, _ path: String, body: String? = nil, contentType: String? = "application/json",
        accept: String? = nil, timeout: Int = 20
    ) throws -> Reply {
        let id = UUID().uuidString
        let headerFile = dir.appendingPathComponent("\(id).headers")
        let bodyFile = dir.appendingPathComponent("\(id).body")
        var args = [
            "-sS", "--max-time", String(timeout), "--cacert", dir.appendingPathComponent("ca.pem").path, "-X", method,
            "-D", headerFile.path, "-o", bodyFile.path,
        ]
        if let token = server.token { args += ["-H", "Authorization: Bearer \(token)"] }
        if let body {
            let input = dir.appendingPathComponent("\(id).in")
            try body.write(to: input, atomically: true, encoding: .utf8)
            args += ["--data-binary", "@" + input.path]
            args += ["-H", contentType.map { "Content-Type: \($0)" } ?? "Content-Type:"]
        }
        if let accept { args += ["-H", "Accept: \(accept)"] }
        _ = try Spawn.run("/usr/bin/curl", args + [server.url + path], timeout: .seconds(60))
        let headerText = (try? String(contentsOf: headerFile, encoding: .utf8)) ?? ""
        var status = 0
        var headers: [String: String] = [:]
        for line in headerText.split(separator: "\r\n") {
            if line.hasPrefix("HTTP/") {
                status = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
            } else if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                    in: .whitespaces)
            }
        }
        return Reply(status: status, headers: headers, body: (try? String(contentsOf: bodyFile, encoding: .utf8)) ?? "")
    }
}
