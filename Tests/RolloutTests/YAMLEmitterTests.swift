import Manifests
import Testing

@Suite struct YAMLEmitterTests {
    /// Strings that a careless emitter writes plain and a reader then takes as something else.
    static let trickyStrings = [
        "", "yes", "Yes", "NO", "on", "Off", "y", "N", "true", "False", "null", "Null", "~", "1", "1.0", "-1",
        "+1", "0x1F", "0o17", "0755", "1_000", "1e3", ".5", ".inf", "-.inf", ".nan", "1:20", "2026-12-04",
        "2026-12-04T10:00:00Z", " leading", "trailing ", "a: b", "a:", "key #comment", "#hash", "- dash", "-",
        "?", ":", "? q", "[list]", "{map}", "&anchor", "*alias", "!tag", "|pipe", ">fold", "'single'",
        "\"double\"", "%percent", "@at", "`tick`", ",comma", "---", "...", "<<", "=", "tab\there",
        "bell\u{07}",
    ]

    /// Strings that must stay plain (readable output, stable diffs).
    static let plainStrings = [
        "nginx:1.25", "web", "app.kubernetes.io/name", "-foo", "a-b", "1abc", "v1", "http://x:80/path",
        "a#b", "ReadWriteOnce", "10Gi", "500m", "yesterday", "onboarding", "nullable",
        "back\\slash", "ünïcödé", "emoji 🚀", "12abc", "1.2.3-rc1",
    ]

    @Test(arguments: trickyStrings + plainStrings)
    func stringRoundTripsAsString(text: String) throws {
        let value: Value = ["key": .string(text), .init(stringLiteral: text.isEmpty ? "empty" : text): "v"]
        let yaml = value.yamlString
        #expect(try decodeYAMLObjects(yaml) == [value], "\(yaml)")
    }

    @Test(arguments: trickyStrings)
    func trickyStringIsQuoted(text: String) {
        #expect(Value.string(text).yamlString.hasPrefix("\""), "\(text)")
    }

    @Test(arguments: plainStrings)
    func ordinaryStringStaysPlain(text: String) {
        #expect(Value.string(text).yamlString == "\(text)\n")
    }

    @Test func writesBlockStyleWithTwoSpaceIndentInStoredOrder() {
        let value: Value = [
            "kind": "Deployment",
            "metadata": ["name": "web", "labels": ["b": "2", "a": "1"]],
            "spec": [
                "replicas": 3,
                "paused": false,
                "ratio": 0.5,
                "selector": [:],
                "containers": [["name": "web", "ports": [["containerPort": 80]], "args": []]],
                "matrix": [[1, 2], [3]],
                "empty": nil,
            ],
        ]
        let expected = """
            kind: Deployment
            metadata:
              name: web
              labels:
                b: "2"
                a: "1"
            spec:
              replicas: 3
              paused: false
              ratio: 0.5
              selector: {}
              containers:
                - name: web
                  ports:
                    - containerPort: 80
                  args: []
              matrix:
                -
                  - 1
                  - 2
                -
                  - 3
              empty: null

            """
        #expect(value.yamlString == expected)
    }

    @Test(arguments: [
        ("line one\nline two\n", "text: |\n  line one\n  line two\n"),
        ("no newline\nat end", "text: |-\n  no newline\n  at end\n"),
        ("kept\n\n\n", "text: |+\n  kept\n\n\n"),
        ("  indented first\nsecond\n", "text: |2\n    indented first\n  second\n"),
        ("with\n\nblank\n", "text: |\n  with\n\n  blank\n"),
    ])
    func multiLineStringsBecomeLiteralBlocks(text: String, expected: String) throws {
        let value: Value = ["text": .string(text)]
        #expect(value.yamlString == expected)
        #expect(try decodeYAMLObjects(value.yamlString) == [value])
    }

    @Test(arguments: ["a\nb\n", "a\nb", "  x\ny\n", "k: v\n# not a comment\n", "\n", "\n\n", "x\r\ny"])
    func multiLineStringsRoundTripInSequencesAndNesting(text: String) throws {
        let value: Value = ["list": [.string(text), ["inner": .string(text)]], "deep": ["a": ["b": .string(text)]]]
        #expect(try decodeYAMLObjects(value.yamlString) == [value], "\(value.yamlString)")
    }

    @Test func numbersAndBooleansKeepTheirTypes() throws {
        let value: Value = ["i": 42, "neg": -7, "d": 1.5, "big": 1e20, "t": true, "f": false, "n": nil]
        #expect(try decodeYAMLObjects(value.yamlString) == [value])
    }
}
