import Foundation
import Manifests

/// A parsed `fieldSelector`: `field=value`, `field==value`, `field!=value`, comma-joined.
/// Only the fields the real server indexes for the type are accepted.
struct FieldSelector: Sendable {
    struct Term: Sendable {
        var path: [String]
        var value: String
        var negated: Bool
    }

    var terms: [Term] = []

    /// Fields beyond `metadata.name` and `metadata.namespace`, per resource.
    private static let extraFields: [String: [String]] = [
        "pods": [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase",
            "status.podIP", "status.nominatedNodeName",
        ],
        "events": [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
            "reportingComponent", "source", "type",
        ],
        "secrets": ["type"],
        "namespaces": ["status.phase"],
        "nodes": ["spec.unschedulable"],
        "replicasets": ["status.replicas"],
        "jobs": ["status.successful"],
    ]

    init(_ text: String, type: ResourceType) throws(APIError) {
        for raw in text.split(separator: ",") {
            let term = raw.trimmed
            if term.isEmpty { continue }
            var negated = false
            let field: String
            let value: String
            if let r = term.range(of: "!=") {
                negated = true
                field = String(term[..<r.lowerBound])
                value = String(term[r.upperBound...])
            } else if let r = term.range(of: "==") {
                field = String(term[..<r.lowerBound])
                value = String(term[r.upperBound...])
            } else if let r = term.range(of: "=") {
                field = String(term[..<r.lowerBound])
                value = String(term[r.upperBound...])
            } else {
                throw APIError.badRequest("invalid selector: '\(text)'; can't understand '\(term)'")
            }
            let allowed = ["metadata.name", "metadata.namespace"] + (FieldSelector.extraFields[type.resource] ?? [])
            guard allowed.contains(field) else {
                // kubectl prefixes its own `Unable to find "…" that match label selector …`.
                throw APIError.badRequest(
                    "\"\(field)\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
            }
            terms.append(Term(path: field.split(separator: ".").map(String.init), value: value, negated: negated))
        }
    }

    func matches(_ object: Value) -> Bool {
        for term in terms {
            let actual: String
            switch object[path: term.path] {
            case .string(let s): actual = s
            case .int(let i): actual = String(i)
            case .bool(let b): actual = b ? "true" : "false"
            default: actual = ""
            }
            if (actual == term.value) == term.negated { return false }
        }
        return true
    }
}
