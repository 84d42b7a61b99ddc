import Testing

@testable import Manifests

@Suite struct ValueJSONTests {
    @Test(arguments: [
        (#"{"a":1,"b":[true,false,null],"c":"x"}"#, #"{"a":1,"b":[true,false,null],"c":"x"}"#),
        (#" { "k" : -2.5e3 } "#, #"{"k":-2500}"#),
        (#""tab\there \u00e9 \ud83d\ude00""#, "\"tab\\there é 😀\""),
        (#"[1.5, 0, -0]"#, "[1.5,0,0]"),
        (#"{"a":1,"a":2}"#, #"{"a":2}"#),
    ])
    func roundTrip(input: String, expected: String) throws {
        #expect(try Value(json: input).jsonString == expected)
    }

    @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "tru", "\"\\x\"", "1 2", "\"a\nb\""])
    func rejectsInvalid(input: String) {
        #expect(throws: JSONError.self) { try Value(json: input) }
    }

    @Test func objectEqualityIgnoresKeyOrder() throws {
        let a = try Value(json: #"{"x":1,"y":{"p":true,"q":2.0}}"#)
        let b = try Value(json: #"{"y":{"q":2,"p":true},"x":1}"#)
        #expect(a == b)
        #expect(a != (try Value(json: #"{"x":1,"y":{"p":true}}"#)))
    }

    @Test func objectRefFromObject() throws {
        let v = try Value(
            json: #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"fe"}}"#)
        let ref = try #require(ObjectRef(object: v))
        #expect(ref.group == "apps" && ref.version == "v1" && ref.description == "Deployment/fe/web")
        #expect(ObjectRef.split(apiVersion: "v1") == ("", "v1"))
    }
}
