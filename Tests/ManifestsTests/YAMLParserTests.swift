import Testing

@testable import Manifests

@Suite struct YAMLParserTests {
    @Test func positionsOfKeysAndValues() throws {
        let text =
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: a\n      image: nginx\n"
        let docs = try parseYAML(text, path: "pod.yaml")
        #expect(docs.count == 1)
        let root = try #require(docs[0].root)
        #expect(root.start == Mark(line: 1, column: 1))
        let metadata = try #require(root.pair("metadata"))
        #expect(metadata.key.start == Mark(line: 3, column: 1))
        #expect(metadata.value.start == Mark(line: 4, column: 3))
        let name = try #require(metadata.value.pair("name"))
        #expect(name.value.start == Mark(line: 4, column: 9))
        #expect(name.value.end == Mark(line: 4, column: 12))
        let containers = try #require(root["spec"]?["containers"])
        #expect(containers.start == Mark(line: 7, column: 5))
        let first = try #require(containers.items?.first)
        #expect(first.start == Mark(line: 7, column: 7))
        #expect(first["image"]?.start == Mark(line: 8, column: 14))
    }

    @Test(arguments: [
        ("a: plain", ScalarStyle.plain, "plain"),
        ("a: 'single ''q'''", .singleQuoted, "single 'q'"),
        ("a: \"dq\\tx\"", .doubleQuoted, "dq\tx"),
        ("a: |\n  l1\n  l2\n", .literal, "l1\nl2\n"),
        ("a: >\n  f1\n  f2\n", .folded, "f1 f2\n"),
    ])
    func scalarStyles(text: String, style: ScalarStyle, value: String) throws {
        let node = try #require(try parseYAML(text)[0].root?["a"])
        #expect(node.style == style)
        #expect(node.scalar == value)
    }

    @Test func flowAndBlockCollections() throws {
        let root = try #require(try parseYAML("a: [1, 2]\nb: {x: y}\nc:\n- 1\n")[0].root)
        #expect(root["a"]?.isFlow == true)
        #expect(root["b"]?.isFlow == true)
        #expect(root["c"]?.isFlow == false)
        #expect(root["c"]?.start == Mark(line: 4, column: 1))
    }

    @Test func multiDocumentStreams() throws {
        let docs = try parseYAML("a: 1\n---\n---\nb: 2\n...\n--- c\n")
        #expect(docs.count == 4)
        #expect(docs[0].explicitStart == false)
        #expect(docs[1].root == nil)
        #expect(docs[1].explicitStart)
        #expect(docs[2].root?["b"]?.start == Mark(line: 4, column: 4))
        #expect(docs[2].explicitEnd)
        #expect(docs[3].root?.scalar == "c")
        #expect(docs.map(\.index) == [0, 1, 2, 3])
        #expect(try parseYAML("").isEmpty)
        #expect(try parseYAML("# only a comment\n").isEmpty)
    }

    @Test func anchorsAndAliasesExpand() throws {
        let text = "base: &b\n  x: 1\n  z: [a]\nother: *b\n"
        let root = try #require(try parseYAML(text)[0].root)
        let other = try #require(root["other"])
        #expect(other.alias == "b")
        #expect(other.start == Mark(line: 4, column: 8))
        #expect(other["x"]?.scalar == "1")
        #expect(root["base"]?.anchor == "b")
        #expect(try root.toValue() == ["base": ["x": 1, "z": ["a"]], "other": ["x": 1, "z": ["a"]]])
    }

    @Test func anchoredBlockMappingStartsAtItsFirstKey() throws {
        let root = try #require(try parseYAML("key: &a\n  x: 1\nflow: &f {y: 2}\n")[0].root)
        #expect(root["key"]?.start == Mark(line: 2, column: 3))
        #expect(root["key"]?.anchor == "a")
        #expect(root["flow"]?.start == Mark(line: 3, column: 7))
    }

    @Test func mergeKeys() throws {
        let text = "base: &b {p: 1, q: 2}\nmore: &m {r: 3, p: 7}\nc:\n  <<: [*b, *m]\n  q: 9\n"
        let value = try #require(try decodeYAMLObjects(text).first)
        #expect(value["c"] == ["p": 1, "q": 9, "r": 3])
    }

    @Test func billionLaughsHitsTheAliasCap() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<10 {
            let prev = "*a\(i - 1)"
            text += "a\(i): &a\(i) [\(Array(repeating: prev, count: 10).joined(separator: ", "))]\n"
        }
        #expect {
            try parseYAML(text, path: "lol.yaml")
        } throws: { error in
            guard let e = error as? YAMLError else { return false }
            return e.code == .limit && e.mark?.line == 5 && e.description.hasPrefix("lol.yaml:5:")
        }
    }

    @Test func depthLimit() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: YAMLError.self) { try parseYAML(deep) }
        let limits = ParseLimits(maxBytes: 1 << 20, maxDepth: 400, maxAliasExpansion: 10)
        #expect(throws: Never.self) { try parseYAML(deep, limits: limits) }
    }

    @Test func sizeLimit() {
        let limits = ParseLimits(maxBytes: 10, maxDepth: 10, maxAliasExpansion: 10)
        #expect {
            try parseYAML("a: 0123456789\n", limits: limits)
        } throws: { ($0 as? YAMLError)?.code == .limit }
    }

    @Test(arguments: [
        ([0x61, 0x3A, 0x20, 0x62, 0x0A, 0x63, 0x3A, 0x20, 0x00, 0x0A] as [UInt8], 2, 4),
        ([0x61, 0x3A, 0x20, 0xC3, 0xA9, 0xFF, 0x0A] as [UInt8], 1, 5),
        ([0x0A, 0x0A, 0x78, 0xED, 0xA0, 0x80] as [UInt8], 3, 2),
    ])
    func encodingErrorsHavePositions(bytes: [UInt8], line: Int, column: Int) {
        #expect {
            try parseYAML(bytes: bytes, path: "bad.yaml")
        } throws: { error in
            guard let e = error as? YAMLError else { return false }
            return e.code == .encoding && e.mark == Mark(line: line, column: column)
        }
    }

    @Test(arguments: [
        ("a: b: c\n", 1, 5),
        ("a:\n  - x\n  y: 1\n", 3, 3),
        ("a: [1, 2\n", 2, 1),
        ("a: 'open\n", 2, 1),
        ("a: *nope\n", 1, 4),
        ("\ta: 1\n", 1, 1),
    ])
    func syntaxErrorsHavePositions(text: String, line: Int, column: Int) {
        #expect {
            try parseYAML(text, path: "x.yaml")
        } throws: { error in
            guard let e = error as? YAMLError else { return false }
            return e.mark == Mark(line: line, column: column) && e.description.hasPrefix("x.yaml:\(line):\(column): ")
        }
    }

    @Test func streamKeepsDocumentsBeforeAnError() {
        let result = parseYAMLStream("a: 1\n---\nb: 2\n---\nc: [\n")
        #expect(result.documents.count == 2)
        #expect(result.error?.code == .syntax)
    }

    @Test func columnsCountCharacters() throws {
        let root = try #require(try parseYAML("é: ü\nx: y\n")[0].root)
        #expect(root["é"]?.start == Mark(line: 1, column: 4))
    }
}
