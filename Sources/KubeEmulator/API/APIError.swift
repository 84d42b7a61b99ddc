import Manifests

/// An error answered as a `Status` object, worded as the real apiserver words it
/// (apimachinery `pkg/api/errors/errors.go`).
struct APIError: Error, Sendable {
    var code: Int
    var reason: String
    var message: String
    var details: Value?

    var status: Value {
        var o: Value = [
            "kind": "Status", "apiVersion": "v1", "metadata": .object(ObjectValue()), "status": "Failure",
            "message": .string(message),
        ]
        if !reason.isEmpty { o["reason"] = .string(reason) }
        if let details { o["details"] = details }
        o["code"] = .int(code)
        return o
    }

    var response: HTTPResponse { .json(status, status: code) }

    private static func details(_ type: ResourceType?, name: String?, kind: String? = nil) -> Value {
        var d = ObjectValue()
        if let name, !name.isEmpty { d["name"] = .string(name) }
        if let type, !type.group.isEmpty { d["group"] = .string(type.group) }
        if let kind { d["kind"] = .string(kind) } else if let type { d["kind"] = .string(type.resource) }
        return .object(d)
    }

    static func notFound(_ type: ResourceType, name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "\(type.qualifiedResource) \"\(name)\" not found",
            details: details(type, name: name))
    }

    static func namespaceNotFound(_ name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "namespaces \"\(name)\" not found",
            details: ["name": .string(name), "kind": "namespaces"])
    }

    static let unknownPath = APIError(
        code: 404, reason: "NotFound", message: "the server could not find the requested resource",
        details: ["causes": [["reason": "UnexpectedServerResponse", "message": "404 page not found"]]])

    static func alreadyExists(_ type: ResourceType, name: String) -> APIError {
        APIError(
            code: 409, reason: "AlreadyExists", message: "\(type.qualifiedResource) \"\(name)\" already exists",
            details: details(type, name: name))
    }

    static func conflict(_ type: ResourceType, name: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(type.qualifiedResource) \"\(name)\": the object has been "
                + "modified; please apply your changes to the latest version and try again",
            details: details(type, name: name))
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message, details: nil)
    }

    /// 422 Invalid with one cause per field error.
    static func invalid(
        _ type: ResourceType, name: String, field: String, value: String? = nil, reason: String = "FieldValueInvalid",
        detail: String
    ) -> APIError {
        let typeWord: String
        switch reason {
        case "FieldValueRequired": typeWord = "Required value"
        case "FieldValueForbidden": typeWord = "Forbidden"
        case "FieldValueNotSupported": typeWord = "Unsupported value"
        default: typeWord = "Invalid value"
        }
        let shown = value.map { "\(typeWord): \($0): \(detail)" } ?? "\(typeWord): \(detail)"
        let kindName = type.group.isEmpty ? type.kind : "\(type.kind).\(type.group)"
        var d = ObjectValue()
        d["name"] = .string(name)
        if !type.group.isEmpty { d["group"] = .string(type.group) }
        d["kind"] = .string(type.kind)
        d["causes"] = [["reason": .string(reason), "message": .string(shown), "field": .string(field)]]
        return APIError(
            code: 422, reason: "Invalid", message: "\(kindName) \"\(name)\" is invalid: \(field): \(shown)",
            details: .object(d))
    }

    static func methodNotAllowed() -> APIError {
        APIError(
            code: 405, reason: "MethodNotAllowed",
            message: "the server does not allow this method on the requested resource", details: nil)
    }

    static func unsupportedMediaType(_ contentType: String, accepted: [String]) -> APIError {
        APIError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: "
                + accepted.joined(separator: ", "), details: nil)
    }

    static func expired(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message, details: nil)
    }

    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized", details: nil)

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "", message: message, details: nil)
    }

    /// 403 as the RBAC authorizer words it.
    static func forbidden(
        user: String, verb: String, resource: String, group: String, namespace: String?, name: String?
    ) -> APIError {
        let qualified = group.isEmpty ? resource : "\(resource).\(group)"
        let subject = name.map { "\(qualified) \"\($0)\"" } ?? qualified
        let scope = namespace.map { "in the namespace \"\($0)\"" } ?? "at the cluster scope"
        var d = ObjectValue()
        if let name { d["name"] = .string(name) }
        if !group.isEmpty { d["group"] = .string(group) }
        d["kind"] = .string(resource)
        return APIError(
            code: 403, reason: "Forbidden",
            message: "\(subject) is forbidden: User \"\(user)\" cannot \(verb) resource \"\(resource)\" in API group "
                + "\"\(group)\" \(scope)", details: .object(d))
    }

    static func terminatingNamespace(_ type: ResourceType, name: String, namespace: String) -> APIError {
        APIError(
            code: 403, reason: "Forbidden",
            message: "\(type.qualifiedResource) \"\(name)\" is forbidden: unable to create new content in namespace "
                + "\(namespace) because it is being terminated",
            details: details(type, name: name))
    }
}
