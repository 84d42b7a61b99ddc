import Manifests

/// YAML request bodies need the Manifests YAML parser; until it is merged, YAML that is not
/// also JSON is refused with a message saying so.
func decodeYAMLBody(_ bytes: [UInt8]) throws(APIError) -> Value {
    throw APIError.badRequest("YAML request bodies are not supported by this emulator build; send JSON")
}
