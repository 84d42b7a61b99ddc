import Foundation
import Lint
import TestSupport
import Testing

/// Runs the real yamllint and gitops-agent's YAML rules over the same generated corpus and
/// compares the lines they flag for `syntax`, `key-duplicates` and `indentation`.
///
/// Deliberate differences (so not compared): after a syntax error yamllint still reports
/// token-based problems before the error, while gitops-agent checks only the complete
/// documents before it; syntax findings are compared by line (the messages are libyaml's vs
/// PyYAML's wording). Not generated here, also deliberate: gitops-agent reports an alias to an
/// undefined anchor (Kubernetes's go-yaml rejects it; yamllint does not check), accepts tabs
/// as separators inside flow collections (as libyaml and go-yaml do; PyYAML does not), and does
/// not check indentation inside multi-line flow collections, of explicit `?` keys, or below a
/// `- !tag` item. On 1,500 YAML files found on this machine the two tools flagged the same
/// lines apart from these cases.
@Suite struct YamllintAgreementTests {
    static let rules: Set<String> = ["syntax", "key-duplicates", "indentation"]

    @Test func sameLinesFlaggedOverAGeneratedCorpus() throws {
        let dir = try TemporaryDirectory(prefix: "yamllint-corpus")
        var generator = CorpusGenerator(seed: 0x5EED_1234)
        var texts: [String: String] = [:]
        for i in 0..<240 {
            let name = String(format: "doc-%03d.yaml", i)
            let text = generator.file()
            texts[name] = text
            _ = try dir.write("corpus/" + name, text)
        }
        let configPath = try dir.write(
            "yamllint.yaml",
            """
            rules:
              key-duplicates: enable
              indentation: {spaces: consistent, indent-sequences: consistent, check-multi-line-strings: false}

            """)
        let result = try ProcessRunner.run(
            "yamllint", ["-f", "parsable", "-c", configPath, dir.path("corpus")], timeout: .seconds(120))
        #expect(result.status == 0 || result.status == 1, "yamllint failed: \(result.stderrText)")

        var theirs: [String: Set<String>] = [:]
        for line in result.stdoutText.split(separator: "\n") {
            // path:line:col: [level] message (rule)
            let parts = line.split(separator: ":", maxSplits: 3)
            guard parts.count == 4, let open = line.lastIndex(of: "("), line.hasSuffix(")") else { continue }
            let rule = String(line[line.index(after: open)..<line.index(before: line.endIndex)])
            let name = String(parts[0].split(separator: "/").last ?? "")
            theirs[name, default: []].insert("\(parts[1]) \(rule)")
        }

        let config = try LintConfig.parse(
            """
            rules:
              tabs: off
              trailing-spaces: off
              new-line-at-end-of-file: off
              truthy: off
            """, path: "config.yaml")
        let linter = Linter(config: config)
        var compared = 0
        var withSyntaxErrors = 0
        var withIndentation = 0
        var withDuplicates = 0
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            let findings = linter.lint([LintSource(path: name, contents: Array(text.utf8), explicit: true)])
            var ours = Set(findings.filter { Self.rules.contains($0.rule) }.map { "\($0.line) \($0.rule)" })
            var expected = theirs[name] ?? []
            let ourSyntax = ours.filter { $0.hasSuffix(" syntax") }
            let theirSyntax = expected.filter { $0.hasSuffix(" syntax") }
            if !ourSyntax.isEmpty || !theirSyntax.isEmpty {
                withSyntaxErrors += 1
                ours = ourSyntax
                expected = theirSyntax
            }
            if ours.contains(where: { $0.hasSuffix("indentation") }) { withIndentation += 1 }
            if ours.contains(where: { $0.hasSuffix("key-duplicates") }) { withDuplicates += 1 }
            #expect(ours == expected, "\(name) differs from yamllint:\n\(text)")
            compared += 1
        }
        #expect(compared == 240)
        // The corpus exercises every compared rule.
        #expect(withSyntaxErrors >= 20)
        #expect(withIndentation >= 20)
        #expect(withDuplicates >= 20)
    }
}

/// Kubernetes-like YAML with random structure, indentation style and a few planted mistakes
/// (duplicated keys, shifted lines, tabs, unclosed quotes).
struct CorpusGenerator {
    private var rng: SplitMix

    init(seed: UInt64) { rng = SplitMix(state: seed) }

    private mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    private mutating func chance(_ percent: Int) -> Bool { int(100) < percent }

    private static let keys = [
        "name", "image", "ports", "env", "labels", "spec", "metadata", "replicas", "selector", "template",
        "containers", "volumes", "args", "resources", "limits", "value", "path", "port", "protocol", "data",
    ]
    private static let scalars = ["web", "80", "true", "nginx:1.27", "\"quoted\"", "'single'", "1.5", "a b c", "~"]

    private var spaces = 2
    private var indentSequences = true
    private var lines: [String] = []

    mutating func file() -> String {
        spaces = chance(70) ? 2 : 4
        indentSequences = chance(50)
        lines = []
        mapping(indent: 0, depth: 0, prefix: nil)
        perturb()
        return lines.joined(separator: "\n") + "\n"
    }

    /// Emits a block mapping; `prefix` is put before the first key (e.g. `- `).
    private mutating func mapping(indent: Int, depth: Int, prefix: String?) {
        var used: Set<String> = []
        let count = 2 + int(4)
        for i in 0..<count {
            var key = Self.keys[int(Self.keys.count)]
            while used.contains(key) { key = Self.keys[int(Self.keys.count)] }
            used.insert(key)
            let lead = i == 0 && prefix != nil ? String(repeating: " ", count: indent - 2) + prefix! : pad(indent)
            let roll = int(100)
            if depth >= 3 || roll < 55 {
                lines.append("\(lead)\(key): \(Self.scalars[int(Self.scalars.count)])")
            } else if roll < 80 {
                lines.append("\(lead)\(key):")
                mapping(indent: indent + spaces, depth: depth + 1, prefix: nil)
            } else {
                lines.append("\(lead)\(key):")
                var indented = indentSequences
                if chance(8) { indented.toggle() }
                sequence(indent: indented ? indent + spaces : indent, depth: depth + 1)
            }
        }
    }

    private mutating func sequence(indent: Int, depth: Int) {
        for _ in 0..<(1 + int(3)) {
            if depth < 3, chance(40) {
                mapping(indent: indent + 2, depth: depth + 1, prefix: "- ")
            } else {
                lines.append("\(pad(indent))- \(Self.scalars[int(Self.scalars.count)])")
            }
        }
    }

    private func pad(_ n: Int) -> String { String(repeating: " ", count: n) }

    private mutating func perturb() {
        for _ in 0..<int(4) {
            guard lines.count > 2 else { return }
            let i = 1 + int(lines.count - 1)
            let line = lines[i]
            let indent = line.prefix { $0 == " " }.count
            switch int(12) {
            case 0, 1, 2:
                // Duplicate a `key: value` line in place.
                if line.dropFirst(indent).contains(": "), !line.hasSuffix(":"), !line.contains("- ") {
                    lines.insert(line, at: i)
                }
            case 3, 4, 5:
                let delta = [-2, -1, 1, 2, 3][int(5)]
                if indent + delta >= 0 { lines[i] = pad(indent + delta) + line.dropFirst(indent) }
            case 6:
                if indent > 0 { lines[i] = "\t" + line.dropFirst(indent) }
            case 7:
                if let colon = line.range(of: ": ") { lines[i] = line[..<colon.upperBound] + "\"unclosed" }
            case 8, 9:
                // Shift a whole nested block: still valid YAML, but misindented.
                guard line.hasSuffix(":") else { break }
                var j = i + 1
                while j < lines.count, lines[j].prefix(while: { $0 == " " }).count > indent { j += 1 }
                let delta = 1 + int(2)
                for k in (i + 1)..<j { lines[k] = pad(delta) + lines[k] }
            default:
                break
            }
        }
    }
}
