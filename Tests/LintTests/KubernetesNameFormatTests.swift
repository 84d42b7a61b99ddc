import Testing

@testable import Lint

@Suite struct KubernetesNameFormatTests {
    @Test(arguments: [
        (NameFormat.subdomain, "web.example-1", true), (.subdomain, "Web", false), (.subdomain, "web_1", false),
        (.subdomain, "-web", false), (.subdomain, "web.", false),
        (.subdomain, String(repeating: "a", count: 254), false),
        (.label, "team-web", true), (.label, "team.web", false), (.label, String(repeating: "a", count: 64), false),
        (.label1035, "web", true), (.label1035, "1web", false), (.pathSegment, "system:aggregate-to-view", true),
        (.pathSegment, "a/b", false), (.pathSegment, "..", false),
    ])
    func names(format: NameFormat, name: String, valid: Bool) {
        #expect((format.problem(name) == nil) == valid, "\(format) \(name)")
    }

    @Test(arguments: [
        ("app", true), ("app.kubernetes.io/name", true), ("example.org/a_b.c", true), ("a/b/c", false),
        ("/name", false), ("Example.org/x", false), ("-x", false), ("x-", false), ("", false),
    ])
    func qualifiedNames(key: String, valid: Bool) {
        #expect((NameFormat.qualifiedNameProblem(key) == nil) == valid, "\(key)")
    }

    @Test(arguments: [
        ("100m", true), ("1Gi", true), ("0.5", true), ("1e3", true), ("+2", true), (".5Mi", true), ("512MB", false),
        ("1gi", false), ("", false), ("Mi", false), ("1.5.2", false), ("2E", true),
    ])
    func quantities(text: String, valid: Bool) {
        #expect(Quantity.isValid(text) == valid, "\(text)")
    }

    @Test(arguments: [("aGVsbG8=", true), ("aGVsbG8", false), ("not base64!", false), ("", true), ("YQ==", true)])
    func base64(text: String, valid: Bool) {
        #expect(Base64Check.isValid(text) == valid, "\(text)")
    }

    @Test func suggestsCloseNames() {
        #expect(EditDistance.closest(to: "contianers", in: ["containers", "volumes"]) == "containers")
        #expect(EditDistance.closest(to: "imagepullpolicy", in: ["imagePullPolicy", "image"]) == "imagePullPolicy")
        #expect(EditDistance.closest(to: "zzz", in: ["containers", "volumes"]) == nil)
    }
}
