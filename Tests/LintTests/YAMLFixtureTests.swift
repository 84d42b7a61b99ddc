import Foundation
import Lint
import Manifests
import Testing

/// Every file in Fixtures/yaml states its expected findings in header comments:
/// `# expect: LINE:COL RULE` (one per finding, or `# expect: none`),
/// `# expect-message: LINE TEXT` / `# expect-hint: LINE TEXT` (a finding on LINE whose message or
/// hint contains TEXT), and optionally `# config: {…}` (a `.gitops-lint.yaml` in flow style).
@Suite struct YAMLFixtureTests {
    struct Expectations {
        var findings: Set<String> = []
        var messages: [(line: Int, text: String)] = []
        var hints: [(line: Int, text: String)] = []
        var config: LintConfig?
    }

    static let directory = Bundle.module.resourcePath! + "/Fixtures/yaml"

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted()
    }

    static func expectations(_ text: String, name: String) throws -> Expectations {
        var e = Expectations()
        var sawExpect = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("# ") else { continue }
            let body = line.dropFirst(2)
            if body.hasPrefix("expect: ") {
                sawExpect = true
                let rest = String(body.dropFirst("expect: ".count))
                if rest != "none" { e.findings.insert(rest) }
            } else if body.hasPrefix("expect-message: ") || body.hasPrefix("expect-hint: ") {
                let isHint = body.hasPrefix("expect-hint: ")
                let rest = body.drop { $0 != " " }.dropFirst()
                let number = Int(rest.prefix { $0 != " " }) ?? 0
                let item = (number, String(rest.drop { $0 != " " }.dropFirst()))
                if isHint { e.hints.append(item) } else { e.messages.append(item) }
            } else if body.hasPrefix("config: ") {
                e.config = try LintConfig.parse(String(body.dropFirst("config: ".count)), path: name)
            }
        }
        #expect(sawExpect, "\(name) has no '# expect:' line")
        return e
    }

    @Test(arguments: names)
    func fixture(name: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Self.directory + "/" + name))
        let text = String(decoding: data, as: UTF8.self)
        let expected = try Self.expectations(text, name: name)
        let linter = Linter(config: expected.config ?? .default)
        let findings = linter.lint([LintSource(path: name, contents: [UInt8](data), explicit: true)])
        let got = Set(findings.map { "\($0.line):\($0.column) \($0.rule)" })
        #expect(got == expected.findings, "\(name):\n\(findings.map(\.description).joined(separator: "\n"))")
        for (line, fragment) in expected.messages {
            #expect(
                findings.contains { $0.line == line && $0.message.contains(fragment) },
                "\(name): no message on line \(line) containing '\(fragment)'")
        }
        for (line, fragment) in expected.hints {
            #expect(
                findings.contains { $0.line == line && ($0.hint ?? "").contains(fragment) },
                "\(name): no hint on line \(line) containing '\(fragment)': \(findings.map(\.description))")
        }
    }

    /// Hostile bytes that cannot live in a fixture file's header comments.
    @Test(arguments: [
        ("nul-byte", Array("a: 1\nb: x\0y\n".utf8), 2, 5, "NUL byte"),
        ("invalid-utf8", [0x61, 0x3A, 0x20, 0xC3, 0x28, 0x0A], 1, 4, "invalid UTF-8"),
        ("utf16", [0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00], 1, 1, "invalid UTF-8"),
        ("control-character", Array("a: 1\nb: \u{1B}[0m\n".utf8), 2, 4, "control character 0x1B"),
    ])
    func hostileBytes(name: String, bytes: [UInt8], line: Int, column: Int, fragment: String) {
        let findings = Linter().lint([LintSource(path: name, contents: bytes, explicit: true)])
        let syntax = findings.filter { $0.rule == "syntax" }
        #expect(syntax.count == 1)
        #expect(syntax.first.map { ($0.line, $0.column) } ?? (0, 0) == (line, column))
        #expect(syntax.first?.message.contains(fragment) == true)
        #expect(syntax.first?.level == .error)
    }

    @Test func syntaxErrorKeepsLineRulesAndEarlierDocuments() {
        let text = "a: 1\na: 2\n---\nb: [  \n"
        let findings = Linter().lint([LintSource(path: "x.yaml", contents: Array(text.utf8), explicit: true)])
        let seen = Set(findings.map { "\($0.line) \($0.rule)" })
        #expect(seen.contains("2 key-duplicates"))
        #expect(seen.contains("4 trailing-spaces"))
        #expect(findings.contains { $0.rule == "syntax" })
    }
}
