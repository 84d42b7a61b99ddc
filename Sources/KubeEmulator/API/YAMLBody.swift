import Manifests

/// Decodes a YAML request body (one document) with the Manifests parser, as the apiserver's
/// YAML serializer does for `application/yaml` and `application/apply-patch+yaml`.
func decodeYAMLBody(_ bytes: [UInt8]) throws(APIError) -> Value {
    let documents: [Value]
    do {
        documents = try decodeYAMLObjects(bytes: bytes)
    } catch {
        throw APIError.badRequest("error decoding YAML: \(error)")
    }
    guard documents.count == 1, let document = documents.first else {
        throw APIError.badRequest(
            "error decoding YAML: the body holds \(documents.count) documents; send exactly one object")
    }
    return document
}
