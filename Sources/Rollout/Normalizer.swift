import Manifests

/// Strips what the server owns from an object so that a dry-run result and the live object
/// compare equal when nothing in git changed.
public enum Normalizer {
    /// Metadata fields the server sets on every write.
    static let serverMetadata = [
        "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
        "deletionGracePeriodSeconds",
    ]
    /// Annotations written by other tools that say nothing about the desired state.
    static let ignoredAnnotations = ["kubectl.kubernetes.io/last-applied-configuration"]

    /// `object` without server-owned metadata, `status`, and ignored annotations; empty
    /// `annotations`/`labels` maps are removed too.
    public static func normalize(_ object: Value) -> Value {
        guard var top = object.objectValue else { return object }
        top["status"] = nil
        if var metadata = top["metadata"]?.objectValue {
            for key in serverMetadata { metadata[key] = nil }
            if var annotations = metadata["annotations"]?.objectValue {
                for key in ignoredAnnotations { annotations[key] = nil }
                metadata["annotations"] = annotations.isEmpty ? nil : .object(annotations)
            }
            if metadata["labels"]?.objectValue?.isEmpty == true { metadata["labels"] = nil }
            top["metadata"] = .object(metadata)
        }
        return .object(top)
    }
}
