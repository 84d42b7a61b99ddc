import Lint
import Manifests
import Testing

@Suite struct LintConfigTests {
    static func lint(_ text: String, config: String? = nil, path: String = "a.yaml") throws -> [Finding] {
        var files = [LintSource(path: path, contents: Array(text.utf8))]
        if let config { files.append(LintSource(path: ".gitops-lint.yaml", contents: Array(config.utf8))) }
        return Linter().lint(files)
    }

    @Test func rulesLevelsAndOptions() throws {
        let config = try LintConfig.parse(
            """
            extends: default
            rules:
              truthy: disable
              trailing-spaces: error
              line-length: {max: 10}
              indentation: {spaces: 4, level: error}
              document-start: enable
            kube-version: "1.30"
            """, path: "repo/.gitops-lint.yaml")
        #expect(config.directory == "repo")
        #expect(config.kubeVersion == "1.30")
        #expect(config.level(of: "truthy", default: .warning) == nil)
        #expect(config.level(of: "trailing-spaces", default: .warning) == .error)
        #expect(config.level(of: "line-length", default: nil, enabled: .warning) == .warning)
        #expect(config.options(of: "line-length").int("max", default: 80) == 10)
        #expect(config.level(of: "indentation", default: .warning) == .error)
        #expect(config.level(of: "document-start", default: nil, enabled: .warning) == .warning)
        #expect(config.level(of: "key-duplicates", default: .error) == .error)
    }

    @Test(arguments: [
        ("rules: [a]", 1), ("rules:\n  truthy: sometimes\n", 2), ("colour: blue\n", 1),
        ("rules:\n  x: {level: loud}\n", 2),
        ("include: 3\n", 1), ("rules: {\n", 2),
    ])
    func badConfigsNameTheLine(text: String, line: Int) {
        #expect {
            try LintConfig.parse(text, path: "c.yaml")
        } throws: { error in
            guard let e = error as? LintError else { return false }
            return e.line == line && e.description.hasPrefix("c.yaml:\(line): ")
        }
    }

    @Test func nearestConfigWinsAndGlobsAreRelativeToIt() {
        let files = [
            LintSource(path: ".gitops-lint.yaml", contents: Array("rules:\n  trailing-spaces: error\n".utf8)),
            LintSource(path: "apps/.gitops-lint.yaml", contents: Array("exclude: [\"skip/*.yaml\"]\n".utf8)),
            LintSource(path: "top.yaml", contents: Array("a: 1 \n".utf8)),
            LintSource(path: "apps/in.yaml", contents: Array("a: 1 \n".utf8)),
            LintSource(path: "apps/skip/out.yaml", contents: Array("a: 1 \n".utf8)),
            LintSource(path: "skip/kept.yaml", contents: Array("a: 1 \n".utf8)),
            LintSource(path: "notes.txt", contents: Array("a: 1 \n".utf8)),
        ]
        let findings = Linter().lint(files)
        let byFile = Dictionary(grouping: findings, by: \.file)
        #expect(byFile["top.yaml"]?.map(\.level) == [.error])
        #expect(byFile["apps/in.yaml"]?.map(\.level) == [.warning])
        #expect(byFile["apps/skip/out.yaml"] == nil)
        #expect(byFile["skip/kept.yaml"]?.count == 1)
        #expect(byFile["notes.txt"] == nil)
    }

    @Test func brokenConfigIsAFinding() {
        let files = [
            LintSource(path: ".gitops-lint.yaml", contents: Array("rules:\n  truthy: maybe\n".utf8)),
            LintSource(path: "a.yaml", contents: Array("a: yes\n".utf8)),
        ]
        let findings = Linter().lint(files)
        #expect(findings.contains { $0.rule == "config" && $0.file == ".gitops-lint.yaml" && $0.line == 2 })
    }

    @Test(arguments: [
        ("*.yaml", "a/b/c.yaml", true), ("*.yaml", "c.yml", false), ("a/*.yaml", "a/b/c.yaml", false),
        ("a/**/*.yaml", "a/b/c.yaml", true), ("a/**/*.yaml", "a/c.yaml", true), ("**/gen/**", "x/gen/y/z.yaml", true),
        ("gen/", "gen/z.yaml", true), ("charts", "charts/web/values.yaml", true), ("c?.yaml", "c1.yaml", true),
        ("[ab].yaml", "b.yaml", true), ("[!ab].yaml", "b.yaml", false), ("/top.yaml", "top.yaml", true),
    ])
    func globs(pattern: String, path: String, matches: Bool) {
        let config = LintConfig(include: [pattern])
        #expect(config.selects(path) == matches)
    }

    @Test func findingTextForm() {
        let f = Finding(
            file: "a.yaml", line: 3, column: 5, level: .warning, rule: "truthy", message: "truthy value",
            hint: "quote it")
        #expect(f.summary == "a.yaml:3:5: warning: truthy value [truthy]")
        #expect(f.description == "a.yaml:3:5: warning: truthy value [truthy]\n    hint: quote it")
        #expect(Finding.Level.error > .warning && Finding.Level.warning > .info)
    }

    @Test func kubernetesFindingsFollowConfigAndDirectives() throws {
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: x
            data:
              a: 1
              b: 2  # gitops-lint disable-line kubernetes-schema

            """
        let source = LintSource(path: "cm.yaml", contents: Array(text.utf8))
        let linter = Linter(kubernetes: KubernetesChecker())
        let findings = linter.lint([source]).filter { $0.rule == "kubernetes-schema" }
        #expect(findings.map(\.line) == [6])
        let relaxed = try LintConfig.parse("rules:\n  kubernetes-schema: warning\n", path: ".gitops-lint.yaml")
        let warned = Linter(config: relaxed, kubernetes: KubernetesChecker()).lint([source])
        #expect(warned.filter { $0.rule == "kubernetes-schema" }.map(\.level) == [.warning])
    }

    @Test func kubeVersionIsPassedThrough() {
        let text = "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: x\nspec: {}\n"
        let source = LintSource(path: "pdb.yaml", contents: Array(text.utf8))
        let old = Linter(kubeVersion: KubernetesVersion("1.24"), kubernetes: KubernetesChecker()).lint([source])
        let new = Linter(kubeVersion: KubernetesVersion("1.30"), kubernetes: KubernetesChecker()).lint([source])
        #expect(!old.contains { $0.rule == "kubernetes-removed-api" })
        #expect(new.contains { $0.rule == "kubernetes-removed-api" })
    }
}
