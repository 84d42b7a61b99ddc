import Foundation
import Manifests
import Spawn
import Testing

/// The emitter's output read by other YAML implementations than ours.
@Suite struct YAMLEmitterInteropTests {
    static let strings =
        YAMLEmitterTests.trickyStrings + YAMLEmitterTests.plainStrings + [
            "line one\nline two\n", "no newline\nat end", "  indented\nblock\n", "kept\n\n",
        ]

    /// PyYAML (installed with yamllint) reads YAML 1.1 with its full set of implicit types.
    @Test func pyYAMLReadsEveryStringBack() throws {
        let document: Value = [
            "strings": .array(Self.strings.map(Value.string)),
            "keys": .object(ObjectValue(Self.strings.filter { !$0.isEmpty }.map { (key: $0, value: Value.int(1)) })),
        ]
        let result = try Spawn.run(
            "python3", ["-c", "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))"],
            input: Array(document.yamlString.utf8), timeout: .seconds(60))
        try #require(result.status == 0, "python3/PyYAML failed: \(result.stderrText)")
        #expect(try Value(json: result.stdoutText) == document)
    }

    /// Patterns of the YAML 1.2 core schema for null, bool, int and float.
    static let coreSchema = [
        "^(null|Null|NULL|~)$", "^(true|True|TRUE|false|False|FALSE)$", "^[-+]?[0-9]+$", "^0o[0-7]+$",
        "^0x[0-9a-fA-F]+$", "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$",
        "^[-+]?(\\.inf|\\.Inf|\\.INF)$", "^(\\.nan|\\.NaN|\\.NAN)$",
    ]

    @Test(arguments: strings)
    func plainOutputIsAStringUnderYAML12(text: String) throws {
        let line = Value.string(text).yamlString
        guard !line.hasPrefix("\""), !line.hasPrefix("|") else { return }
        let plain = String(line.dropLast())
        for pattern in Self.coreSchema {
            #expect(plain.range(of: pattern, options: .regularExpression) == nil, "\(plain) matches \(pattern)")
        }
    }
}
