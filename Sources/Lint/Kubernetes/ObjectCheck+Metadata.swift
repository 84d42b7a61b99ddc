import Manifests

extension ObjectCheck {
    /// `metadata.name` (or `generateName`), its syntax for the kind, the namespace, labels and
    /// annotations of the top-level object.
    mutating func checkMetadata(_ root: Node, kind: String?, format: NameFormat) {
        guard let metaPair = root.pair("metadata") else {
            return report(.name, root.start, "missing metadata", hint: "add metadata.name")
        }
        let meta = metaPair.value
        guard meta.pairs != nil else {
            if meta.isNull { return report(.name, metaPair.key.start, "missing metadata.name") }
            return  // the schema rule reports the wrong type
        }
        if let namePair = meta.pair("name") {
            checkName(namePair.value, kind: kind, format: format, isPrefix: false)
        } else if let generate = meta.pair("generateName") {
            checkName(generate.value, kind: kind, format: format, isPrefix: true)
        } else {
            report(.name, metaPair.key.start, "missing metadata.name", hint: "add a name (or generateName)")
        }
        if let namespace = meta.pair("namespace"), let s = namespace.value.scalar, !namespace.value.isNull {
            if let problem = NameFormat.label.problem(s) {
                report(.name, namespace.value.start, "namespace \"\(s)\" \(problem)")
            }
        }
        checkLabelsAndAnnotations(meta)
    }

    private mutating func checkName(_ node: Node, kind: String?, format: NameFormat, isPrefix: Bool) {
        let field = isPrefix ? "generateName" : "name"
        guard let name = node.scalar, !node.isNull, node.style != .plain || !name.isEmpty else {
            return report(.name, node.start, "metadata.\(field) must be a non-empty string")
        }
        if node.style == .plain, case .string = SchemaValidator.scalarValue(node) {
        } else if node.style == .plain {
            return  // a number or boolean: the schema rule reports the type
        }
        // A generateName prefix may end in "-" (a random suffix follows).
        let checked = isPrefix && name.hasSuffix("-") ? name + "x" : name
        if let problem = format.problem(checked) {
            let what = kind.map { "\($0) " } ?? ""
            report(.name, node.start, "\(what)\(field) \"\(name)\" \(problem)", hint: Self.nameHint(name, format))
            return
        }
        if kind == "CronJob", name.utf8.count > 52 {
            report(
                .name, node.start, "CronJob name \"\(name)\" is longer than 52 characters",
                hint: "the Jobs it creates append 11 characters to the name")
        }
    }

    private static func nameHint(_ name: String, _ format: NameFormat) -> String? {
        guard format != .pathSegment else { return nil }
        var fixed = ""
        for c in name.lowercased() {
            if c.isLetter || c.isNumber, c.isASCII {
                fixed.append(c)
            } else if c == "." && format == .subdomain {
                fixed.append(c)
            } else {
                fixed.append("-")
            }
        }
        while fixed.hasPrefix("-") || fixed.hasPrefix(".") { fixed.removeFirst() }
        while fixed.hasSuffix("-") || fixed.hasSuffix(".") { fixed.removeLast() }
        guard !fixed.isEmpty, fixed != name, format.problem(fixed) == nil else { return nil }
        return "for example \"\(fixed)\""
    }

    /// Label keys and values, annotation keys and values of one ObjectMeta.
    mutating func checkLabelsAndAnnotations(_ meta: Node) {
        if let labels = meta["labels"], let pairs = labels.pairs {
            for pair in pairs {
                guard let key = pair.key.scalar else { continue }
                if let problem = NameFormat.qualifiedNameProblem(key) {
                    report(.labels, pair.key.start, "label key \"\(key)\" \(problem)")
                }
                checkStringValue(pair.value, rule: .labels, what: "label \"\(key)\"")
                if let value = pair.value.scalar, case .string = SchemaValidator.scalarValue(pair.value),
                    !value.isEmpty, !NameFormat.isQualifiedNamePart(Substring(value))
                {
                    let problem =
                        value.utf8.count > 63
                        ? "is longer than 63 characters"
                        : "must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
                    report(.labels, pair.value.start, "label \"\(key)\" value \"\(value)\" \(problem)")
                }
            }
        }
        if let annotations = meta["annotations"], let pairs = annotations.pairs {
            for pair in pairs {
                guard let key = pair.key.scalar else { continue }
                if let problem = NameFormat.qualifiedNameProblem(key) {
                    report(.annotations, pair.key.start, "annotation key \"\(key)\" \(problem)")
                }
                checkStringValue(pair.value, rule: .annotations, what: "annotation \"\(key)\"")
            }
        }
    }

    /// Label and annotation values must be strings: `replicas: 3` or `enabled: true` is rejected.
    private mutating func checkStringValue(_ node: Node, rule: KubernetesRule, what: String) {
        guard let text = node.scalar else {
            return report(
                rule, node.start, "\(what) value must be a string, not a \(node.items != nil ? "list" : "map")")
        }
        if node.isNull { return }
        switch SchemaValidator.scalarValue(node) {
        case .string: return
        case .bool:
            report(
                rule, node.start, "\(what) value must be a string; YAML reads unquoted \(text) as a boolean",
                hint: "quote it: \"\(text)\"")
        default:
            report(rule, node.start, "\(what) value must be a string, not a number", hint: "quote it: \"\(text)\"")
        }
    }

    /// A CustomResourceDefinition must be named `<plural>.<group>`.
    mutating func checkCRDName(_ root: Node) {
        guard let nameNode = root["metadata"]?["name"], let name = nameNode.scalar,
            let spec = root["spec"], let group = spec["group"]?.scalar, let plural = spec["names"]?["plural"]?.scalar
        else { return }
        let expected = "\(plural).\(group)"
        if name != expected {
            report(
                .name, nameNode.start,
                "CustomResourceDefinition name \"\(name)\" must be spec.names.plural + \".\" + spec.group",
                hint: "name it \"\(expected)\"")
        }
    }
}
