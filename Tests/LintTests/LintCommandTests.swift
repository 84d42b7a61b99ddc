import Foundation
import Manifests
import TestSupport
import Testing

/// The built `gitops-agent` binary, next to this test bundle's build products.
enum AgentBinary {
    static var path: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        return root + "/.build/debug/gitops-agent"
    }

    static func run(
        _ arguments: [String], in directory: String, input: String? = nil, environment: [String: String]? = nil
    ) throws -> ProcessResult {
        #expect(FileManager.default.isExecutableFile(atPath: path), "build gitops-agent first: swift build")
        return try ProcessRunner.run(
            path, arguments, environment: environment, currentDirectory: directory, input: input.map { Data($0.utf8) },
            timeout: .seconds(60))
    }
}

/// `gitops-agent lint` as a user runs it: exit codes, formats, paths, configuration.
@Suite struct LintCommandTests {
    static let clean = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n"
    static let warning = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast   \n"
    static let error = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n"
    static let broken = "a:\n  - x\n  b: 1\n"

    /// Arguments and the exit status they must give.
    static let exitTable: [(arguments: [String], status: Int32)] = [
        (["clean.yaml"], 0),
        (["warning.yaml"], 0),
        (["--strict", "warning.yaml"], 1),
        (["error.yaml"], 1),
        (["broken.yaml"], 1),
        (["clean.yaml", "error.yaml"], 1),
        ([], 1),
        (["sub"], 0),
        (["missing.yaml"], 2),
        (["--format", "xml", "clean.yaml"], 2),
        (["--kube-version", "two", "clean.yaml"], 2),
        (["--bogus"], 2),
        (["--config", "nope.yaml", "clean.yaml"], 2),
        (["--config", "bad-config.yaml", "clean.yaml"], 2),
        (["--staged", "clean.yaml"], 2),
        (["--kube-version", "1.30", "clean.yaml"], 0),
    ]

    @Test(arguments: 0..<exitTable.count)
    func exitCode(row: Int) throws {
        let (arguments, status) = Self.exitTable[row]
        let dir = try Self.workspace()
        let result = try AgentBinary.run(["lint"] + arguments, in: dir.root)
        #expect(result.status == status, "lint \(arguments): \(result.stdoutText)\(result.stderrText)")
        if status == 2 { #expect(result.stderrText.contains("error:")) }
    }

    static func workspace() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory(prefix: "lint-cli")
        try dir.write("clean.yaml", clean)
        try dir.write("warning.yaml", warning)
        try dir.write("error.yaml", error)
        try dir.write("broken.yaml", broken)
        try dir.write("sub/ok.yml", clean)
        try dir.write("sub/.hidden/bad.yaml", error)
        try dir.write("bad-config.yaml", "rules:\n  truthy: sometimes\n")
        return dir
    }

    @Test func textIsSortedByFileAndLine() throws {
        let dir = try Self.workspace()
        let result = try AgentBinary.run(["lint", "."], in: dir.root)
        let lines = result.stdoutText.split(separator: "\n").filter { !$0.hasPrefix("    ") }
        let syntax =
            "broken.yaml:3:3: error: syntax error: did not find expected '-' indicator"
            + " (while parsing a block collection started at line 2) [syntax]"
        let duplicate =
            "error.yaml:5:3: error: duplication of key \"name\" in mapping (first at line 4) [key-duplicates]"
        #expect(lines.first.map(String.init) == syntax)
        #expect(lines.contains(Substring(duplicate)))
        #expect(lines.contains("warning.yaml:6:13: warning: trailing spaces [trailing-spaces]"))
        #expect(!result.stdoutText.contains(".hidden"))
        let files = lines.map { $0.split(separator: ":").first.map(String.init) ?? "" }
        #expect(files == files.sorted())
        #expect(result.stderrText.contains("errors"))
    }

    @Test func jsonFormat() throws {
        let dir = try Self.workspace()
        let result = try AgentBinary.run(["lint", "--format", "json", "error.yaml", "warning.yaml"], in: dir.root)
        #expect(result.status == 1)
        let value = try Value(json: result.stdoutText)
        let items = try #require(value.arrayValue)
        #expect(items.count == 2)
        #expect(
            items[0] == [
                "file": "error.yaml", "line": 5, "column": 3, "level": "error", "rule": "key-duplicates",
                "message": "duplication of key \"name\" in mapping (first at line 4)",
                "hint": "Kubernetes keeps only the last value; remove or merge one of them",
            ])
        #expect(items[1]["hint"] == .null)
        let clean = try AgentBinary.run(["lint", "--format", "json", "clean.yaml"], in: dir.root)
        #expect(clean.stdoutText == "[]\n")
    }

    @Test func githubFormat() throws {
        let dir = try Self.workspace()
        let result = try AgentBinary.run(["lint", "--format", "github", "error.yaml", "warning.yaml"], in: dir.root)
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("::error file=error.yaml,line=5,col=3,title=key-duplicates::duplication of key"))
        #expect(lines[0].contains("%0AKubernetes keeps only the last value"))
        #expect(lines[1] == "::warning file=warning.yaml,line=6,col=13,title=trailing-spaces::trailing spaces")
    }

    @Test func standardInput() throws {
        let dir = try Self.workspace()
        let result = try AgentBinary.run(["lint", "-"], in: dir.root, input: "a: 1\na: 2\n")
        #expect(result.status == 1)
        #expect(result.stdoutText.hasPrefix("<stdin>:2:1: error: duplication of key"))
    }

    @Test func configFileWalkingUpAndGlobs() throws {
        let dir = try Self.workspace()
        try dir.write(
            ".gitops-lint.yaml",
            "rules:\n  trailing-spaces: error\n  key-duplicates: warning\nexclude:\n  - generated/\n")
        try dir.write("apps/web/w.yaml", Self.warning)
        try dir.write("apps/web/e.yaml", Self.error)
        try dir.write("generated/x.yaml", Self.broken)
        try dir.write("apps/local/.gitops-lint.yaml", "rules:\n  trailing-spaces: off\n")
        try dir.write("apps/local/w.yaml", Self.warning)
        let result = try AgentBinary.run(["lint", "apps", "generated"], in: dir.root)
        let text = result.stdoutText
        #expect(text.contains("apps/web/w.yaml:6:13: error: trailing spaces"))
        #expect(text.contains("apps/web/e.yaml:5:3: warning: duplication of key"))
        #expect(!text.contains("generated/"))
        #expect(!text.contains("apps/local/w.yaml"))
        #expect(result.status == 1)
        // From a subdirectory, the configuration above the working directory still applies.
        let inner = try AgentBinary.run(["lint", "w.yaml"], in: dir.path("apps/web"))
        #expect(inner.stdoutText.contains("w.yaml:6:13: error: trailing spaces"))
    }

    /// A tree big enough to be walked and read on several threads: every file is found once,
    /// hidden directories are skipped, nested configurations apply, and the output is sorted.
    @Test func wideTreeIsWalkedCompletely() throws {
        let dir = try TemporaryDirectory(prefix: "lint-cli-tree")
        var expected: [String] = []
        for team in 0..<12 {
            for app in 0..<3 {
                let base = "teams/t\(team)/a\(app)"
                try dir.write("\(base)/ok.yaml", Self.clean)
                try dir.write("\(base)/deep/er/still.yml", Self.clean)
                try dir.write("\(base)/dup.yaml", Self.error)
                try dir.write("\(base)/.cache/dup.yaml", Self.error)
                if team == 5 { try dir.write("\(base)/notes.txt", Self.error) }
                if team != 7 { expected.append("\(base)/dup.yaml:5:3") }
            }
        }
        try dir.write("teams/t7/.gitops-lint.yaml", "rules:\n  key-duplicates: off\n")
        let result = try AgentBinary.run(["lint", "teams"], in: dir.root)
        #expect(result.status == 1)
        let found = result.stdoutText.split(separator: "\n").filter { !$0.hasPrefix("    ") }.map {
            $0.split(separator: ":").prefix(3).joined(separator: ":")
        }
        #expect(found.filter { $0.contains("/dup.yaml") } == expected.sorted())
        #expect(!result.stdoutText.contains(".cache") && !result.stdoutText.contains("notes.txt"))
        // 72 clean files, 36 duplicates and the configuration (linted too).
        #expect(result.stderrText.contains("in 109 files"), "\(result.stderrText)")
    }

    @Test func explicitConfigAndKubernetesRules() throws {
        let dir = try Self.workspace()
        try dir.write("custom.yaml", "rules:\n  kubernetes-schema: off\n  trailing-spaces: off\n")
        try dir.write("schema.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  n: 1   \n")
        let withSchema = try AgentBinary.run(["lint", "schema.yaml"], in: dir.root)
        #expect(withSchema.status == 1)
        #expect(withSchema.stdoutText.contains("[kubernetes-schema]"))
        let without = try AgentBinary.run(["lint", "--config", "custom.yaml", "schema.yaml"], in: dir.root)
        #expect(without.status == 0, "\(without.stdoutText)")
        #expect(without.stdoutText.isEmpty)
    }

    @Test func helmTemplatesAndKustomizePatches() throws {
        let dir = try Self.workspace()
        try dir.write("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n")
        try dir.write(
            "chart/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n")
        try dir.write("k/kustomization.yaml", "resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n")
        try dir.write("k/cm.yaml", Self.clean)
        try dir.write("k/patch.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  x: 1\n")
        let result = try AgentBinary.run(["lint", "chart", "k"], in: dir.root)
        #expect(result.status == 0, "\(result.stdoutText)")
        #expect(result.stdoutText.contains("chart/templates/cm.yaml:1:1: info: Helm template: not linted"))
        #expect(result.stdoutText.contains("k/patch.yaml:1:1: info: kustomize patch"))
        #expect(!result.stdoutText.contains("kubernetes-"))
    }
}
