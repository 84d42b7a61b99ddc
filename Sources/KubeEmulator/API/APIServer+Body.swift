import Foundation
import Manifests

/// Request bodies: JSON everywhere, YAML where the content type says so.
extension APIServer {
    func decodeBody(_ call: ResourceCall) throws(APIError) -> Value {
        let contentType = (call.request.header("content-type") ?? "application/json").lowercased()
        let bytes = call.request.body
        if contentType.hasPrefix("application/vnd.kubernetes.protobuf") { return try ProtobufBody.decode(bytes) }
        if bytes.isEmpty { throw APIError.badRequest("the request body is empty; send a JSON object") }
        do {
            return try Value(jsonBytes: bytes)
        } catch {
            // YAML is a superset of JSON: YAML content types get the YAML parser when JSON fails.
            if contentType.contains("yaml") { return try decodeYAMLBody(bytes) }
            throw APIError.badRequest(
                "the body of the request could not be decoded: \(error); send JSON, or YAML with a YAML content type")
        }
    }

    /// The body as an object: a JSON or YAML mapping.
    func decodeObject(_ call: ResourceCall) throws(APIError) -> Value {
        let body = try decodeBody(call)
        guard case .object = body else {
            throw APIError.badRequest(
                "\(call.type.kind) in version \"\(call.type.version)\" cannot be handled as a \(call.type.kind): "
                    + "the body is not a JSON object")
        }
        return body
    }
}
