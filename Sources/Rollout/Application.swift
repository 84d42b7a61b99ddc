/// One application as the executor sees it: a name, its default namespace and its policies.
public struct Application: Sendable, Equatable {
    /// The application's name, written into every object's `gitops-agent.io/app` annotation.
    public var name: String
    /// Namespace given to namespaced objects that name none.
    public var namespace: String
    /// Other namespaces objects may name; `"*"` allows any.
    public var allowedNamespaces: Set<String>
    /// What prune may delete once objects leave git.
    public var prune: PrunePolicy

    /// An application; `allowedNamespaces` lists other namespaces its objects may name.
    public init(name: String, namespace: String, allowedNamespaces: Set<String> = [], prune: PrunePolicy = .default) {
        self.name = name
        self.namespace = namespace
        self.allowedNamespaces = allowedNamespaces
        self.prune = prune
    }

    func allows(namespace other: String) -> Bool {
        other == namespace || allowedNamespaces.contains(other) || allowedNamespaces.contains("*")
    }
}

/// What prune may delete once an object has left git.
public struct PrunePolicy: Sendable, Equatable {
    /// Delete objects that left git at all (the config file's `prune:`).
    public var enabled: Bool
    /// Also Namespaces (and so everything in them).
    public var namespaces: Bool
    /// Also PersistentVolumeClaims (and so, usually, their data).
    public var persistentVolumeClaims: Bool
    /// Also CustomResourceDefinitions (and so every custom resource of them).
    public var customResourceDefinitions: Bool

    /// A policy; by default prune is on and Namespaces, PVCs and CRDs are kept.
    public init(
        enabled: Bool = true, namespaces: Bool = false, persistentVolumeClaims: Bool = false,
        customResourceDefinitions: Bool = false
    ) {
        self.enabled = enabled
        self.namespaces = namespaces
        self.persistentVolumeClaims = persistentVolumeClaims
        self.customResourceDefinitions = customResourceDefinitions
    }

    /// Prune on; Namespaces, PVCs and CRDs kept.
    public static let `default` = PrunePolicy()
    /// Prune off.
    public static let disabled = PrunePolicy(enabled: false)
}
