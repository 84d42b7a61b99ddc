/// The CustomResourceDefinitions found in a set of files, converted to schemas once.
public struct KubernetesDefinitions: Sendable {
    let catalog: CustomResourceCatalog

    /// No definitions: only built-in kinds have schemas.
    public static let none = KubernetesDefinitions(catalog: CustomResourceCatalog())

    /// How many CustomResourceDefinitions were found.
    public var count: Int { catalog.definitions.count }
}
