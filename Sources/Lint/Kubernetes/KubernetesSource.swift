import Manifests

/// One file's documents, as the Kubernetes checks take them.
public struct KubernetesSource: Sendable {
    /// The path printed in findings.
    public var path: String
    /// The file's text (used for hints about commented-out lines); may be empty.
    public var text: String
    public var documents: [YAMLDocument]

    public init(path: String, text: String = "", documents: [YAMLDocument]) {
        self.path = path
        self.text = text
        self.documents = documents
    }
}
