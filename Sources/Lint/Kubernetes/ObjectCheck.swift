import Manifests

/// The checks of one file's objects; collects findings.
struct ObjectCheck {
    let store: SchemaStore
    /// The release whose schemas are used (the target, clamped to the data's range).
    let schemaVersion: KubernetesVersion
    /// The release asked for, for removals.
    let target: KubernetesVersion
    let catalog: CustomResourceCatalog
    let file: String
    let text: String
    private(set) var findings: [Finding] = []

    init(
        store: SchemaStore, schemaVersion: KubernetesVersion, target: KubernetesVersion,
        catalog: CustomResourceCatalog, file: String, text: String
    ) {
        self.store = store
        self.schemaVersion = schemaVersion
        self.target = target
        self.catalog = catalog
        self.file = file
        self.text = text
    }

    mutating func report(_ rule: KubernetesRule, _ mark: Mark, _ message: String, hint: String? = nil) {
        findings.append(
            Finding(file: file, at: mark, level: rule.defaultLevel, rule: rule.rawValue, message: message, hint: hint))
    }

    /// One YAML document: an object, or a `v1 List` of objects.
    mutating func checkDocument(_ root: Node) {
        let apiVersion = root["apiVersion"]?.scalar
        let kind = root["kind"]?.scalar
        // Not a Kubernetes object at all (Helm values, tool configs): nothing to say here.
        if root.pair("apiVersion") == nil, root.pair("kind") == nil, root.pair("metadata") == nil { return }
        if apiVersion?.hasPrefix("kustomize.config.k8s.io/") == true { return }
        if apiVersion == "v1", kind == "List", let items = root["items"]?.items {
            for item in items where item.pairs != nil { checkDocument(item) }
            return
        }
        checkObject(root)
    }

    private mutating func checkObject(_ root: Node) {
        guard let (apiVersion, kind) = checkIdentity(root) else {
            checkMetadata(root, kind: root["kind"]?.scalar, format: .subdomain)
            return
        }
        switch resolveSchema(root, apiVersion: apiVersion, kind: kind) {
        case .builtin(let schema):
            checkMetadata(root, kind: kind, format: NameFormat.forKind(kind))
            validate(root, against: schema)
            if kind == "CustomResourceDefinition" { checkCRDName(root) }
        case .custom(let schema):
            checkMetadata(root, kind: kind, format: .subdomain)
            if let schema { validate(root, against: schema) }
        case .none:
            checkMetadata(root, kind: kind, format: NameFormat.forKind(kind))
        }
    }

    private mutating func validate(_ root: Node, against schema: SchemaNode) {
        var validator = SchemaValidator(store: store, version: schemaVersion, text: text)
        var nested: [Node] = []
        validator.onObjectMeta = { nested.append($0) }
        validator.validate(root, schema, key: nil)
        for violation in validator.violations {
            report(.schema, violation.mark, violation.message, hint: violation.hint)
        }
        for meta in nested { checkLabelsAndAnnotations(meta) }
    }
}
