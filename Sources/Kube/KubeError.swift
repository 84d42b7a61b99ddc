import Manifests

/// Any failure of the Kube module: a Status the API server returned, a transport failure, or
/// bad configuration. The description says which object, which operation, what the server
/// said and what to do next; it never contains a credential.
///
/// ```swift
/// do { try await client.apply(object, fieldManager: "gitops-agent") } catch let error as KubeError
///     where error.reason == .conflict { … }
/// ```
public struct KubeError: Error, Sendable, CustomStringConvertible {
    /// The machine-readable kind of failure: the Status `reason` for server errors.
    public struct Reason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let notFound = Reason(rawValue: "NotFound")
        public static let alreadyExists = Reason(rawValue: "AlreadyExists")
        public static let conflict = Reason(rawValue: "Conflict")
        public static let invalid = Reason(rawValue: "Invalid")
        public static let badRequest = Reason(rawValue: "BadRequest")
        public static let forbidden = Reason(rawValue: "Forbidden")
        public static let unauthorized = Reason(rawValue: "Unauthorized")
        public static let expired = Reason(rawValue: "Expired")
        public static let gone = Reason(rawValue: "Gone")
        public static let tooManyRequests = Reason(rawValue: "TooManyRequests")
        public static let methodNotAllowed = Reason(rawValue: "MethodNotAllowed")
        public static let unsupportedMediaType = Reason(rawValue: "UnsupportedMediaType")
        public static let internalError = Reason(rawValue: "InternalError")
        public static let serviceUnavailable = Reason(rawValue: "ServiceUnavailable")
        public static let serverTimeout = Reason(rawValue: "Timeout")
        public static let unknown = Reason(rawValue: "Unknown")
        // Client-side failures: no HTTP response.
        public static let tlsVerificationFailed = Reason(rawValue: "TLSVerificationFailed")
        public static let tlsSetupFailed = Reason(rawValue: "TLSSetupFailed")
        public static let connectionRefused = Reason(rawValue: "ConnectionRefused")
        public static let connectionLost = Reason(rawValue: "ConnectionLost")
        public static let timeout = Reason(rawValue: "ClientTimeout")
        public static let cancelled = Reason(rawValue: "Cancelled")
        public static let invalidConfig = Reason(rawValue: "InvalidConfig")
        public static let credentials = Reason(rawValue: "CredentialsFailed")
        public static let invalidResponse = Reason(rawValue: "InvalidResponse")
        public static let unknownKind = Reason(rawValue: "UnknownKind")
    }

    /// One entry of the Status `details.causes`: a field that failed validation, or a field
    /// another manager owns (`reason` `FieldManagerConflict`).
    public struct Cause: Sendable, Equatable {
        public var reason: String
        public var message: String
        public var field: String
        public init(reason: String, message: String, field: String) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    /// What kind of failure (the server's Status reason, or a client-side one).
    public var reason: Reason
    /// HTTP status code; 0 when no response arrived.
    public var code: Int
    /// The server's message, or what went wrong on the way.
    public var message: String
    /// Per-field details: validation failures, field-manager conflicts.
    public var causes: [Cause]
    /// The verb that failed: `get`, `list`, `watch`, `create`, `apply`, `patch`, `delete`, … or `load config`.
    public var operation: String
    /// The object or type the operation was about, e.g. `Deployment/dbs/dbs-server`.
    public var object: String?
    /// The API server URL, for errors that happened on the way there.
    public var server: String?

    public init(
        reason: Reason, code: Int = 0, message: String, causes: [Cause] = [], operation: String,
        object: String? = nil, server: String? = nil
    ) {
        self.reason = reason
        self.code = code
        self.message = message
        self.causes = causes
        self.operation = operation
        self.object = object
        self.server = server
    }

    /// Fields another field manager owns, from a server-side apply conflict.
    public var conflictingFields: [String] {
        causes.filter { $0.reason == "FieldManagerConflict" }.map(\.field)
    }

    public var description: String {
        var text = object.map { "\($0): " } ?? ""
        text += "\(operation) failed (\(reason)): \(message)"
        if let hint { text += "; \(hint)" }
        if let server, code == 0 { text += " [server \(server)]" }
        return text
    }

    /// What the user can do about it.
    var hint: String? {
        switch reason {
        case .conflict:
            let fields = conflictingFields
            if fields.count == 1 {
                return "another field manager owns \(fields[0]) — re-run with force or remove the field"
            }
            if !fields.isEmpty {
                return "other field managers own \(fields.joined(separator: ", "))"
                    + " — re-run with force or remove these fields"
            }
            return "the object changed since it was read — read it again and retry"
        case .invalid:
            let fields = causes.filter { !$0.field.isEmpty }.map { "\($0.field): \($0.message)" }
            return fields.isEmpty ? "fix the manifest" : "fix " + fields.joined(separator: "; ")
        case .unauthorized:
            return "the server rejected the credentials — check the token, client certificate or exec plugin"
                + " of the kubeconfig user"
        case .forbidden: return "grant the user or service account this permission (RBAC)"
        case .expired, .gone: return "the resource version is too old — list again"
        case .tooManyRequests: return "the server is overloaded — lower the client's qps or retry later"
        case .tlsVerificationFailed:
            return "check certificate-authority(-data) in the kubeconfig and the name in the server's certificate"
                + " (tls-server-name)"
        case .connectionRefused: return "is the API server running and reachable at this address?"
        case .timeout: return "the server did not answer in time — check the network or raise the timeout"
        case .unknownKind: return "is the CustomResourceDefinition installed, and the apiVersion right?"
        default: return nil
        }
    }
}

extension KubeError {
    /// Decodes a failed response: a `Status` body when there is one, otherwise the HTTP status.
    init(response: HTTPResponse, operation: String, object: String?, server: String) {
        let status = try? Value(jsonBytes: response.body)
        var reason = KubeError.reason(forHTTPStatus: response.status)
        var message = ""
        var causes: [Cause] = []
        if let status, status["kind"]?.stringValue == "Status" {
            if let text = status["reason"]?.stringValue, !text.isEmpty { reason = Reason(rawValue: text) }
            message = status["message"]?.stringValue ?? ""
            for cause in status[path: ["details", "causes"]]?.arrayValue ?? [] {
                causes.append(
                    Cause(
                        reason: cause["reason"]?.stringValue ?? "", message: cause["message"]?.stringValue ?? "",
                        field: cause["field"]?.stringValue ?? ""))
            }
        } else {
            let text = String(decoding: response.body.prefix(300), as: UTF8.self).trimmingSpaces()
            message = text.isEmpty ? "the server answered HTTP \(response.status)" : text
        }
        if message.isEmpty { message = "the server answered HTTP \(response.status)" }
        self.init(
            reason: reason, code: response.status, message: message, causes: causes, operation: operation,
            object: object, server: server)
    }

    init(failure: TransportFailure, operation: String, object: String?, server: String) {
        let reason: Reason
        var message: String
        switch failure.kind {
        case .connectionRefused:
            reason = .connectionRefused
            message = "cannot connect to \(server): \(failure.detail)"
        case .timeout:
            reason = .timeout
            message = "no answer from \(server): \(failure.detail)"
        case .tlsVerification:
            reason = .tlsVerificationFailed
            message = "TLS verification of \(server) failed: \(failure.detail)"
        case .tlsSetup:
            reason = .tlsSetupFailed
            message = "TLS setup for \(server) failed: \(failure.detail)"
        case .connectionLost:
            reason = .connectionLost
            message = "connection to \(server) failed: \(failure.detail)"
        case .resolve:
            reason = .connectionRefused
            message = "cannot resolve the host of \(server): \(failure.detail)"
        case .cancelled:
            reason = .cancelled
            message = failure.detail
        case .other:
            reason = .unknown
            message = "request to \(server) failed: \(failure.detail) (curl error \(failure.curlCode))"
        }
        if failure.kind == .connectionLost, failure.detail.contains("certificate") || failure.detail.contains("alert") {
            message += " (the server may require a client certificate)"
        }
        self.init(reason: reason, message: message, operation: operation, object: object, server: server)
    }

    static func reason(forHTTPStatus status: Int) -> Reason {
        switch status {
        case 400: return .badRequest
        case 401: return .unauthorized
        case 403: return .forbidden
        case 404: return .notFound
        case 405: return .methodNotAllowed
        case 409: return .conflict
        case 410: return .gone
        case 415: return .unsupportedMediaType
        case 422: return .invalid
        case 429: return .tooManyRequests
        case 500: return .internalError
        case 503: return .serviceUnavailable
        case 504: return .serverTimeout
        default: return .unknown
        }
    }
}
