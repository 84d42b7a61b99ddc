import Testing

@testable import Kube

/// Decoding of the server's Status into `KubeError`, and the text a user reads.
@Suite struct KubeErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var status: Int
        var body: String
        var reason: KubeError.Reason
        var text: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "not found", status: 404,
            body:
                #"{"kind":"Status","status":"Failure","message":"configmaps \"demo\" not found","reason":"NotFound","details":{"name":"demo","kind":"configmaps"},"code":404}"#,
            reason: .notFound, text: #"ConfigMap/default/demo: get failed (NotFound): configmaps "demo" not found"#),
        Case(
            name: "already exists", status: 409,
            body:
                #"{"kind":"Status","message":"configmaps \"demo\" already exists","reason":"AlreadyExists","code":409}"#,
            reason: .alreadyExists, text: "get failed (AlreadyExists): configmaps \"demo\" already exists"),
        Case(
            name: "stale resource version", status: 409,
            body:
                #"{"kind":"Status","message":"Operation cannot be fulfilled on configmaps \"demo\": the object has been modified","reason":"Conflict","code":409}"#,
            reason: .conflict, text: "the object changed since it was read — read it again and retry"),
        Case(
            name: "apply conflict", status: 409,
            body:
                #"{"kind":"Status","message":"Apply failed with 1 conflict: conflict with \"kubectl\" using apps/v1: .spec.replicas","reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl\" using apps/v1","field":".spec.replicas"}]},"code":409}"#,
            reason: .conflict,
            text:
                #"(Conflict): Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas; another field manager owns .spec.replicas — re-run with force or remove the field"#
        ),
        Case(
            name: "invalid", status: 422,
            body:
                #"{"kind":"Status","message":"Deployment.apps \"web\" is invalid: spec.selector: Required value","reason":"Invalid","details":{"causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec.selector"}]},"code":422}"#,
            reason: .invalid, text: "is invalid: spec.selector: Required value; fix spec.selector: Required value"),
        Case(
            name: "forbidden", status: 403,
            body:
                #"{"kind":"Status","message":"configmaps is forbidden: User \"bob\" cannot list resource \"configmaps\"","reason":"Forbidden","code":403}"#,
            reason: .forbidden, text: "grant the user or service account this permission (RBAC)"),
        Case(
            name: "unauthorized", status: 401,
            body: #"{"kind":"Status","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#,
            reason: .unauthorized, text: "(Unauthorized): Unauthorized; the server rejected the credentials"),
        Case(
            name: "expired", status: 410,
            body: #"{"kind":"Status","message":"too old resource version: 1 (100)","reason":"Expired","code":410}"#,
            reason: .expired, text: "too old resource version: 1 (100); the resource version is too old — list again"),
        Case(
            name: "too many requests", status: 429,
            body: #"{"kind":"Status","message":"rate limited","reason":"TooManyRequests","code":429}"#,
            reason: .tooManyRequests, text: "lower the client's qps"),
        Case(
            name: "500 with empty reason", status: 500,
            body:
                #"{"kind":"Status","message":"resourceVersion should not be set on objects to be created","reason":"","code":500}"#,
            reason: .internalError, text: "(InternalError): resourceVersion should not be set"),
        Case(
            name: "not a Status", status: 502, body: "<html>bad gateway</html>", reason: .unknown,
            text: "(Unknown): <html>bad gateway</html>"),
    ]

    @Test(arguments: cases) func decodesStatus(_ c: Case) {
        let response = HTTPResponse(
            status: c.status, contentType: "application/json", retryAfter: nil, body: Array(c.body.utf8),
            newConnections: 0)
        let error = KubeError(
            response: response, operation: "get", object: "ConfigMap/default/demo", server: "https://127.0.0.1:1")
        #expect(error.reason == c.reason)
        #expect(error.code == c.status)
        #expect(error.description.contains(c.text), "\(error.description)")
        #expect(!error.description.contains("https://127.0.0.1:1"), "server URLs are for transport errors only")
    }

    @Test func conflictListsEveryContestedField() {
        let body =
            #"{"kind":"Status","reason":"Conflict","code":409,"message":"Apply failed with 2 conflicts","#
            + #""details":{"causes":[{"reason":"FieldManagerConflict","message":"m","field":".spec.replicas"},"#
            + #"{"reason":"FieldManagerConflict","message":"m","field":".data.a"}]}}"#
        let error = KubeError(
            response: HTTPResponse(
                status: 409, contentType: "", retryAfter: nil, body: Array(body.utf8), newConnections: 0),
            operation: "apply", object: "Deployment/dbs/dbs-server", server: "https://x")
        #expect(error.conflictingFields == [".spec.replicas", ".data.a"])
        #expect(
            error.description
                == "Deployment/dbs/dbs-server: apply failed (Conflict): Apply failed with 2 conflicts; other field"
                + " managers own .spec.replicas, .data.a — re-run with force or remove these fields")
    }

    struct TransportCase: Sendable, CustomStringConvertible {
        var kind: TransportFailure.Kind
        var reason: KubeError.Reason
        var text: String
        var description: String { "\(kind)" }
    }

    static let transportCases: [TransportCase] = [
        TransportCase(kind: .connectionRefused, reason: .connectionRefused, text: "cannot connect to https://k:6443"),
        TransportCase(kind: .timeout, reason: .timeout, text: "no answer from https://k:6443"),
        TransportCase(
            kind: .tlsVerification, reason: .tlsVerificationFailed, text: "TLS verification of https://k:6443 failed"),
    ]

    @Test(arguments: transportCases) func describesTransportFailures(_ c: TransportCase) {
        let error = KubeError(
            failure: TransportFailure(kind: c.kind, curlCode: 7, detail: "detail"), operation: "list",
            object: "ConfigMap (v1)", server: "https://k:6443")
        #expect(error.reason == c.reason)
        #expect(error.code == 0)
        #expect(error.description.contains(c.text))
        #expect(error.description.hasSuffix("[server https://k:6443]"))
    }
}
