import Testing

@testable import Manifests

/// How Kubernetes (sigs.k8s.io/yaml over go-yaml v2) reads plain scalars.
@Suite struct ScalarResolutionTests {
    @Test(arguments: [
        ("true", Value.bool(true)), ("True", true), ("TRUE", true), ("yes", true), ("Yes", true), ("YES", true),
        ("on", true), ("On", true), ("ON", true), ("y", true), ("Y", true),
        ("false", false), ("no", false), ("NO", false), ("off", false), ("Off", false), ("n", false), ("N", false),
        ("", nil), ("~", nil), ("null", nil), ("Null", nil), ("NULL", nil),
        ("0", 0), ("42", 42), ("-7", -7), ("+7", 7), ("1_000", 1000), ("0x1F", 31), ("0X1f", 31), ("0o17", 15),
        ("0755", 493), ("0b101", 5), ("-0x10", -16), ("9223372036854775807", .int(Int.max)),
        ("-9223372036854775808", .int(Int.min)),
        ("1.5", 1.5), ("-0.25", -0.25), (".5", 0.5), ("1.", 1.0), ("1e3", 1000.0), ("6.02E+23", 6.02e23),
        ("08", 8.0), ("09.5", 9.5), ("18446744073709551615", .double(Double(UInt64.max))),
        ("99999999999999999999", .double(1e20)),
        (".inf", .double(.infinity)), ("-.Inf", .double(-.infinity)), ("+.INF", .double(.infinity)),
        ("yess", "yess"), ("nULL", "nULL"), ("True!", "True!"), ("0x", "0x"), ("1.2.3", "1.2.3"),
        ("2001-12-14", "2001-12-14"), ("2001-12-14T21:59:43Z", "2001-12-14T21:59:43Z"), ("1:20", "1:20"),
        ("0xZZ", "0xZZ"), ("1e", "1e"), ("e3", "e3"), ("inf", "inf"), ("NaN", "NaN"), ("-x", "-x"), ("v1", "v1"),
    ])
    func plainScalars(text: String, expected: Value) throws {
        #expect(ScalarResolver.resolvePlain(text) == expected)
        let doc = try #require(try decodeYAMLObjects("k: \(text)\n").first)
        #expect(doc["k"] == expected)
    }

    @Test func nanIsADouble() {
        guard case .double(let d) = ScalarResolver.resolvePlain(".nan") else {
            Issue.record("not a double")
            return
        }
        #expect(d.isNaN)
    }

    @Test(arguments: ["'yes'", "\"on\"", "'123'", "\"0x1F\"", "'null'", "''", "|\n  true\n"])
    func quotedAndBlockScalarsAreStrings(text: String) throws {
        let doc = try #require(try decodeYAMLObjects("k: \(text)\n").first)
        guard case .string = doc["k"] else {
            Issue.record("\(text) read as \(String(describing: doc["k"]))")
            return
        }
    }

    @Test(arguments: [
        ("!!str 123", Value.string("123")), ("!!str yes", "yes"), ("!!int \"42\"", 42), ("!!float 1", 1.0),
        ("!!bool 'on'", true), ("!!null x", nil), ("!custom 12", "12"), ("! 12", "12"), ("!!binary aGk=", "aGk="),
    ])
    func tagsForceTypes(text: String, expected: Value) throws {
        let doc = try #require(try decodeYAMLObjects("k: \(text)\n").first)
        #expect(doc["k"] == expected)
    }

    @Test(arguments: ["!!int abc", "!!bool maybe", "!!float x1"])
    func badTaggedScalarsFail(text: String) {
        #expect(throws: YAMLError.self) { try decodeYAMLObjects("k: \(text)\n") }
    }

    /// `y` and `n` are booleans in go-yaml v2 even as keys: `y: 1` reaches Kubernetes as `"true": 1`.
    @Test func keysBecomeStringsAsSigsYAMLDoes() throws {
        let doc = try #require(try decodeYAMLObjects("on: a\n1: b\nno: c\n'yes': d\n0x10: e\ny: f\n").first)
        #expect(doc == ["true": "f", "1": "b", "false": "c", "yes": "d", "16": "e"])
        #expect(throws: YAMLError.self) { try decodeYAMLObjects("~: x\n") }
        #expect(throws: YAMLError.self) { try decodeYAMLObjects("? [a]\n: x\n") }
    }

    @Test func duplicateKeysLastWins() throws {
        #expect(try decodeYAMLObjects("a: 1\nb: 2\na: 3\n") == [["a": 3, "b": 2]])
        var big = ""
        for i in 0..<40 { big += "k\(i): \(i)\n" }
        big += "k3: last\n"
        let value = try #require(try decodeYAMLObjects(big).first)
        #expect(value["k3"] == "last")
        #expect(value.objectValue?.count == 40)
    }

    @Test func emptyAndNullDocumentsAreSkipped() throws {
        #expect(try decodeYAMLObjects("---\n---\nnull\n---\na: 1\n---\n~\n") == [["a": 1]])
    }
}
