import Foundation
import Lint
import Manifests
import Testing

/// One expected finding: position, rule and a fragment of the message.
struct ExpectedFinding: Sendable, CustomStringConvertible {
    var line: Int
    var column: Int
    var rule: String
    var fragment: String

    init(_ line: Int, _ column: Int, _ rule: String, _ fragment: String) {
        self.line = line
        self.column = column
        self.rule = rule
        self.fragment = fragment
    }

    var description: String { "\(line):\(column) [\(rule)] …\(fragment)…" }

    func matches(_ f: Finding) -> Bool {
        f.line == line && f.column == column && f.rule == rule && (f.message + " " + (f.hint ?? "")).contains(fragment)
    }
}

struct KubernetesFixtureCase: Sendable, CustomStringConvertible {
    var fixture: String
    var context: [String] = []
    var kubeVersion = 37
    var expected: [ExpectedFinding]

    var description: String { fixture }
}

enum KubernetesFixtures {
    static func url(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/kubernetes").appendingPathComponent(name)
    }

    static func source(_ name: String) throws -> KubernetesSource {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        return KubernetesSource(path: name, text: text, documents: try parseYAML(text, path: name))
    }

    static func findings(_ c: KubernetesFixtureCase) throws -> [Finding] {
        let checker = KubernetesChecker(
            options: KubernetesLintOptions(kubeVersion: KubernetesVersion(minor: c.kubeVersion)))
        return checker.check([try source(c.fixture)], context: try c.context.map(source))
    }
}

private let schema = "kubernetes-schema"
private let removed = "kubernetes-removed-api"
private let deprecated = "kubernetes-deprecated-api"
private let name = "kubernetes-name"
private let labels = "kubernetes-labels"

@Suite struct KubernetesFixtureTests {
    static let cases: [KubernetesFixtureCase] = [
        .init(fixture: "deployment-valid.yaml", expected: []),
        .init(fixture: "service-multi-document-valid.yaml", expected: []),
        .init(fixture: "crd-and-cr-valid.yaml", expected: []),
        .init(
            fixture: "deployment-hostpath-dedented.yaml",
            expected: [
                .init(
                    19, 7, schema,
                    "unknown field \"hostPath\" in PodSpec; it is a field of volumes[] (Volume) — indented 2 spaces too little?"
                )
            ]),
        .init(
            fixture: "deployment-secretref-name-dedented.yaml",
            expected: [
                .init(
                    19, 15, schema,
                    "\"name\" in EnvFromSource; it is a field of secretRef (SecretEnvSource) — indented 2 spaces too little?"
                ),
                .init(19, 15, schema, "to column 17"),
                .init(22, 15, schema, "line 21 has \"capabilities:\" commented out"),
            ]),
        .init(
            fixture: "deployment-probe-commented-out.yaml",
            expected: [
                .init(19, 13, schema, "it is a field of livenessProbe, whose key is commented out at line 18"),
                .init(24, 13, schema, "unknown field \"limits\" in SecurityContext; it is a field of resources"),
            ]),
        .init(
            fixture: "deployment-unknown-fields.yaml",
            expected: [
                .init(14, 22, schema, "unsupported value \"Sometimes\""),
                .init(18, 11, schema, "did you mean \"imagePullPolicy\"?"),
                .init(
                    21, 15, schema,
                    "\"resources\" in ContainerPort; it is a field of spec.template.spec.containers[0] (Container) — indented 4 spaces too much?"
                ),
                .init(
                    22, 17, schema,
                    "duplicate entry in spec.template.spec.containers with name \"web\"; the first is at line 16"),
            ]),
        .init(
            fixture: "deployment-env-wrong-type.yaml",
            expected: [
                .init(6, 13, schema, "spec.replicas: expected an integer, got the string \"3\""),
                .init(20, 22, schema, "env[0].value: expected a string, got the integer 8080"),
                .init(22, 22, schema, "YAML reads unquoted yes as a boolean"),
                .init(25, 23, schema, "\"512MB\" is not a valid quantity"),
            ]),
        .init(
            fixture: "pod-lists-as-maps.yaml",
            expected: [
                .init(9, 16, schema, "command: expected a list, got the string \"sleep 3600\""),
                .init(9, 16, schema, "write it as a list, e.g. [\"sleep\", \"3600\"]"),
                .init(11, 9, schema, "env: expected a list, got an object"),
                .init(11, 9, schema, "write one entry per variable: \"- name: MODE\""),
            ]),
        .init(
            fixture: "deployment-missing-required.yaml",
            expected: [
                .init(5, 1, schema, "missing required field \"selector\" in DeploymentSpec"),
                .init(12, 11, schema, "missing required field \"name\" in Container"),
            ]),
        .init(
            fixture: "deployment-kind-misspelled.yaml",
            expected: [
                .init(2, 7, "kubernetes-kind", "apps/v1 has no kind \"Deploymnet\" did you mean \"Deployment\"?")
            ]),
        .init(fixture: "deployment-merge-key-valid.yaml", expected: []),
        .init(fixture: "workloads-valid.yaml", expected: []),
        .init(
            fixture: "deployment-wrong-apiversion.yaml",
            expected: [
                .init(
                    1, 13, "kubernetes-api-version", "Deployment is not served under v1 in Kubernetes 1.37; use apps/v1"
                ),
                .init(6, 13, "kubernetes-api-version", "StatefulSet is not served under apps/v1beta3"),
                .init(
                    11, 13, "kubernetes-api-version",
                    "app/v1 is not an API group of Kubernetes; Deployment is served under apps/v1"),
            ]),
        .init(
            fixture: "ingress-extensions-removed.yaml",
            expected: [
                .init(1, 13, removed, "extensions/v1beta1 Ingress was removed in 1.22; use networking.k8s.io/v1")
            ]),
        .init(
            fixture: "cronjob-batch-v1beta1-removed.yaml",
            expected: [.init(1, 13, removed, "batch/v1beta1 CronJob was removed in 1.25; use batch/v1")]),
        .init(
            fixture: "cronjob-batch-v1beta1-removed.yaml", kubeVersion: 24,
            expected: [.init(1, 13, deprecated, "batch/v1beta1 CronJob is deprecated and removed in 1.25")]),
        .init(
            fixture: "hpa-v2beta2-removed.yaml",
            expected: [
                .init(
                    1, 13, removed,
                    "autoscaling/v2beta2 HorizontalPodAutoscaler was removed in 1.26; use autoscaling/v2")
            ]),
        .init(
            fixture: "hpa-v2beta2-removed.yaml", kubeVersion: 25,
            expected: [
                .init(
                    1, 13, deprecated,
                    "autoscaling/v2beta2 HorizontalPodAutoscaler is deprecated and removed in 1.26; use autoscaling/v2")
            ]),
        .init(
            fixture: "flowschema-v1beta3-removed.yaml",
            expected: [
                .init(
                    1, 13, removed,
                    "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in 1.32; use flowcontrol.apiserver.k8s.io/v1"
                )
            ]),
        .init(fixture: "flowschema-v1beta3-removed.yaml", kubeVersion: 28, expected: []),
        .init(
            fixture: "flowschema-v1beta3-removed.yaml", kubeVersion: 31,
            expected: [
                .init(
                    1, 13, deprecated,
                    "v1beta3 FlowSchema is deprecated and removed in 1.32; use flowcontrol.apiserver.k8s.io/v1")
            ]),
        .init(
            fixture: "endpoints-deprecated.yaml",
            expected: [
                .init(1, 13, deprecated, "v1 Endpoints is deprecated since 1.33; use discovery.k8s.io/v1 EndpointSlice")
            ]),
        .init(fixture: "endpoints-deprecated.yaml", kubeVersion: 32, expected: []),
        .init(
            fixture: "configmap-missing-apiversion.yaml",
            expected: [.init(1, 1, "kubernetes-api-version", "missing apiVersion add \"apiVersion: v1\"")]),
        .init(
            fixture: "configmap-metadata-indented.yaml",
            expected: [
                .init(1, 1, name, "missing metadata"),
                .init(
                    5, 3, schema,
                    "data.metadata: expected a string; it is a top-level field of ConfigMap — indented 2 spaces too much?"
                ),
                .init(5, 3, schema, "left to column 1"),
            ]),
        .init(
            fixture: "configmap-data-number.yaml",
            expected: [
                .init(6, 9, schema, "data.port: expected a string, got the integer 8080"),
                .init(7, 12, schema, "data.enabled: expected a string, got the boolean true"),
            ]),
        .init(
            fixture: "service-name-invalid.yaml",
            expected: [
                .init(4, 9, name, "Service name \"1st_Web\" must be a lowercase RFC 1035 label"),
                .init(6, 5, labels, "label key \"-bad-\""),
                .init(7, 10, labels, "label \"app\" value \"has spaces\""),
                .init(8, 15, labels, "label \"replicas\" value must be a string"),
                .init(10, 9, schema, "spec.type: unsupported value \"ClusterIp\""),
                .init(10, 9, schema, "did you mean \"ClusterIP\"?"),
            ]),
        .init(
            fixture: "namespace-name-invalid.yaml",
            expected: [
                .init(4, 9, name, "Namespace name \"team.web\" must be a lowercase RFC 1123 label"),
                .init(10, 14, name, "namespace \"Team\""),
                .init(15, 21, schema, "spec.containers[0].args[1]: expected a string, got the integer 3600"),
            ]),
        .init(
            fixture: "cronjob-name-too-long.yaml",
            expected: [.init(4, 9, name, "is longer than 52 characters")]),
        .init(
            fixture: "crd-name-mismatch.yaml",
            expected: [.init(4, 9, name, "name it \"widgets.example.org\"")]),
        .init(
            fixture: "list-item-invalid.yaml",
            expected: [
                .init(11, 13, name, "ServiceAccount name \"Deployer\""),
                .init(12, 35, schema, "automountServiceAccountToken: expected a boolean, got the string \"false\""),
            ]),
        .init(
            fixture: "secret-data-invalid.yaml",
            expected: [.init(7, 13, schema, "data.password: not valid base64")]),
        .init(
            fixture: "cr-unknown-field.yaml", context: ["crd-and-cr-valid.yaml"],
            expected: [
                .init(6, 9, schema, "spec.size: expected an integer, got the string \"large\""),
                .init(7, 3, schema, "unknown field \"colour\" in spec; did you mean \"color\"?"),
                .init(9, 13, removed, "example.org/v2 is not a served version of Widget"),
            ]),
        .init(
            fixture: "cr-unknown-field.yaml",
            expected: [
                .init(2, 7, "kubernetes-unknown-kind", "no schema for example.org/v1 Widget"),
                .init(10, 7, "kubernetes-unknown-kind", "no schema for example.org/v2 Widget"),
            ]),
        .init(
            fixture: "cr-no-schema.yaml",
            expected: [.init(2, 7, "kubernetes-unknown-kind", "no schema for monitoring.example.com/v1 ServiceMonitor")]
        ),
    ]

    @Test(arguments: cases)
    func fixtureFindings(_ c: KubernetesFixtureCase) throws {
        let findings = try KubernetesFixtures.findings(c)
        let got = findings.map(\.description).joined(separator: "\n")
        for e in c.expected {
            #expect(
                findings.contains(where: e.matches), "\(c.fixture) at 1.\(c.kubeVersion): missing \(e); got:\n\(got)")
        }
        #expect(findings.count == Set(c.expected.map { "\($0.line):\($0.column)" }).count, "\(c.fixture): \(got)")
    }

    /// Every fixture file is in the table, so none is left unchecked.
    @Test func everyFixtureHasExpectations() throws {
        let dir = KubernetesFixtures.url("").path
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") })
        #expect(files == Set(Self.cases.map(\.fixture)))
    }
}

@Suite struct KubernetesDefinitionsTests {
    /// Converting the CRDs once and checking file by file gives the same findings as one call.
    @Test func perFileChecksWithSharedDefinitionsMatchOneCall() throws {
        let crd = try KubernetesFixtures.source("crd-and-cr-valid.yaml")
        let cr = try KubernetesFixtures.source("cr-unknown-field.yaml")
        let checker = KubernetesChecker()
        let definitions = checker.definitions(in: [crd, cr])
        #expect(definitions.count == 1)
        let perFile = checker.check([crd], definitions: definitions) + checker.check([cr], definitions: definitions)
        let together = checker.check([crd, cr])
        #expect(perFile == together)
        #expect(perFile.contains { $0.line == 7 && $0.message.contains("did you mean \"color\"") })
        #expect(checker.check([cr], definitions: .none).allSatisfy { $0.rule == "kubernetes-unknown-kind" })
    }

    /// Many files are checked on several threads; the findings come back in input order.
    @Test func manyFilesGiveTheSameFindingsInOrder() throws {
        let names = KubernetesFixtureTests.cases.map(\.fixture)
        var sources: [KubernetesSource] = []
        for copy in 0..<3 {
            for name in names {
                var source = try KubernetesFixtures.source(name)
                source.path = "\(copy)/\(name)"
                sources.append(source)
            }
        }
        let checker = KubernetesChecker()
        let definitions = checker.definitions(in: sources)
        let oneByOne = sources.flatMap { checker.check([$0], definitions: definitions) }
        #expect(oneByOne.count > 100)
        #expect(checker.check(sources, definitions: definitions) == oneByOne)
    }

    /// A custom resource's metadata is checked with the built-in ObjectMeta schema in every version.
    @Test(arguments: [25, 31, 37])
    func customResourceMetadataUsesObjectMeta(minor: Int) throws {
        let text = """
            apiVersion: example.org/v1
            kind: Widget
            metadata:
              name: w
              lables: {a: b}
            spec:
              size: 1

            """
        let cr = KubernetesSource(path: "w.yaml", text: text, documents: try parseYAML(text, path: "w.yaml"))
        let checker = KubernetesChecker(options: KubernetesLintOptions(kubeVersion: KubernetesVersion(minor: minor)))
        let findings = checker.check([cr], context: [try KubernetesFixtures.source("crd-and-cr-valid.yaml")])
        #expect(findings.count == 1)
        #expect(findings.first?.message == "unknown field \"lables\" in ObjectMeta; did you mean \"labels\"?")
        #expect(findings.first.map { ($0.line, $0.column) } ?? (0, 0) == (5, 3))
    }
}
