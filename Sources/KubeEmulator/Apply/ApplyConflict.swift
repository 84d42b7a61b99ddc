import Manifests

/// A server-side apply refused because fields it would change belong to other managers.
///
/// Renders the real API server's 409 message and `Status` (KUBE-API.md §4.4.4, apiserver
/// `managedfields/internal/conflict.go`).
struct ApplyConflict: Error, Sendable, Equatable, CustomStringConvertible {
    /// One conflicting field.
    struct Cause: Sendable, Equatable {
        /// The manager that owns the field.
        var manager: String
        /// `Apply` or `Update`.
        var operation: String
        /// The owner's apiVersion (shown for Update managers).
        var apiVersion: String
        /// `scale`, `status`, or `nil`.
        var subresource: String?
        /// The field in smd path form, e.g. `.spec.replicas`.
        var field: String

        fileprivate var entry: ManagedFieldsEntry {
            ManagedFieldsEntry(
                manager: manager, operation: operation, apiVersion: apiVersion, time: nil, subresource: subresource,
                fields: FieldSet())
        }

        /// `conflict with "kubectl" with subresource "scale" using apps/v1`.
        var message: String { "conflict with \(entry.printed)" }
    }

    /// The conflicts, grouped by manager and sorted as the real server lists them.
    var causes: [Cause]

    /// The message of the 409 Status, e.g.
    /// `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas`.
    var message: String {
        if causes.count == 1 {
            return "Apply failed with 1 conflict: \(causes[0].message): \(causes[0].field)"
        }
        var lines: [String] = []
        var seen: [String] = []
        for cause in causes where !seen.contains(cause.entry.identifier) {
            seen.append(cause.entry.identifier)
            lines.append("conflicts with \(cause.entry.printed):")
            for other in causes where other.entry.identifier == cause.entry.identifier {
                lines.append("- \(other.field)")
            }
        }
        return "Apply failed with \(causes.count) conflicts: " + lines.joined(separator: "\n")
    }

    var description: String { message }

    /// The `Status` object the server answers with (409, reason Conflict, one
    /// `FieldManagerConflict` cause per field).
    var status: Value {
        let statusCauses: [Value] = causes.map { cause in
            ["reason": "FieldManagerConflict", "message": .string(cause.message), "field": .string(cause.field)]
        }
        return [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": "Conflict", "details": ["causes": .array(statusCauses)],
            "code": 409,
        ]
    }
}
