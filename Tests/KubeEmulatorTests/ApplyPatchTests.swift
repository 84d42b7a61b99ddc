import Manifests
import Testing

@testable import KubeEmulator

@Suite struct ApplyPatchTests {
    // RFC 6902 appendix A (A.1–A.8, A.10, A.11, A.14, A.16) plus copy.
    @Test(arguments: [
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux"}]"#, #"{"baz":"qux","foo":"bar"}"#),
        (#"{"foo":["bar","baz"]}"#, #"[{"op":"add","path":"/foo/1","value":"qux"}]"#, #"{"foo":["bar","qux","baz"]}"#),
        (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"remove","path":"/baz"}]"#, #"{"foo":"bar"}"#),
        (#"{"foo":["bar","qux","baz"]}"#, #"[{"op":"remove","path":"/foo/1"}]"#, #"{"foo":["bar","baz"]}"#),
        (
            #"{"baz":"qux","foo":"bar"}"#, #"[{"op":"replace","path":"/baz","value":"boo"}]"#,
            #"{"baz":"boo","foo":"bar"}"#
        ),
        (
            #"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
            #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
            #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#
        ),
        (
            #"{"foo":["all","grass","cows","eat"]}"#, #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#,
            #"{"foo":["all","cows","eat","grass"]}"#
        ),
        (
            #"{"baz":"qux","foo":["a",2,"c"]}"#,
            #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#,
            #"{"baz":"qux","foo":["a",2,"c"]}"#
        ),
        (
            #"{"foo":"bar"}"#, #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#,
            #"{"foo":"bar","child":{"grandchild":{}}}"#
        ),
        (
            #"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux","xyz":123}]"#,
            #"{"foo":"bar","baz":"qux"}"#
        ),
        (#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":10}]"#, #"{"/":9,"~1":10}"#),
        (
            #"{"foo":["bar"]}"#, #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#,
            #"{"foo":["bar",["abc","def"]]}"#
        ),
        (#"{"a":{"b":1}}"#, #"[{"op":"copy","from":"/a","path":"/c"}]"#, #"{"a":{"b":1},"c":{"b":1}}"#),
        (#"{"a/b":1}"#, #"[{"op":"replace","path":"/a~1b","value":2}]"#, #"{"a/b":2}"#),
        (#"{"a":1}"#, #"[{"op":"replace","path":"","value":[1]}]"#, #"[1]"#),
    ])
    func jsonPatchAppliesRFC6902Examples(target: String, patch: String, expected: String) throws {
        #expect(try jsonPatch(json(target), json(patch)) == json(expected))
    }

    // RFC 6902 A.9, A.12, A.15 and other failures.
    @Test(arguments: [
        (#"{"baz":"qux"}"#, #"[{"op":"test","path":"/baz","value":"bar"}]"#, "testing value /baz failed: test failed"),
        (
            #"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#,
            #"add operation does not apply: doc is missing path: "/baz/bat": missing value"#
        ),
        (#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":"10"}]"#, "testing value /~01 failed: test failed"),
        (
            #"{"a":1}"#, #"[{"op":"remove","path":"/b"}]"#,
            "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value"
        ),
        (
            #"{"a":1}"#, #"[{"op":"replace","path":"/spec/replicas","value":3}]"#,
            #"replace operation does not apply: doc is missing path: "/spec/replicas": missing value"#
        ),
        (
            #"{"a":[1]}"#, #"[{"op":"add","path":"/a/5","value":2}]"#,
            "add operation does not apply: index out of bounds: /a/5"
        ),
        (#"{"a":1}"#, #"[{"op":"frobnicate","path":"/a"}]"#, "Unexpected kind: frobnicate"),
    ])
    func jsonPatchFailures(target: String, patch: String, message: String) {
        let error = #expect(throws: PatchError.self) { try jsonPatch(json(target), json(patch)) }
        #expect(error?.message == message)
    }

    // RFC 7386 appendix A.
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func mergePatchAppliesRFC7386Examples(target: String, patch: String, expected: String) {
        #expect(jsonMergePatch(json(target), json(patch)) == json(expected))
    }

    private static let deployment = json(
        #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web","x":"1"},
          "finalizers":["a","b"]},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
           "template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"tolerations":[{"key":"a"}],
               "containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80,"protocol":"TCP"}],
                              "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
                             {"name":"sidecar","image":"envoy:1"}]}}}}
        """#)

    /// Strategic merge patches as kubectl sends them, with the fields they must leave.
    @Test(arguments: [
        (
            // kubectl set image
            #"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],"containers":[{"image":"nginx:1.29","name":"web"}]}}}}"#,
            ["spec", "template", "spec", "containers"],
            #"[{"name":"web","image":"nginx:1.29","ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},{"name":"sidecar","image":"envoy:1"}]"#
        ),
        (
            // $setElementOrder reorders
            #"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"web"}]}}}}"#,
            ["spec", "template", "spec", "containers", "0", "name"], #""sidecar""#
        ),
        (
            // kubectl rollout restart
            #"{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-01T00:00:00Z"}}}}}"#,
            ["spec", "template", "metadata"],
            #"{"labels":{"app":"web"},"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-01T00:00:00Z"}}"#
        ),
        (
            #"{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"A","$patch":"delete"},{"name":"C","value":"3"}]}]}}}}"#,
            ["spec", "template", "spec", "containers", "0", "env"],
            #"[{"name":"B","value":"2"},{"name":"C","value":"3"}]"#
        ),
        (#"{"metadata":{"labels":{"x":null}}}"#, ["metadata", "labels"], #"{"app":"web"}"#),
        (
            #"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":null}}}"#,
            ["spec", "strategy"], #"{"type":"Recreate"}"#
        ),
        (#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}"#, ["metadata", "finalizers"], #"["b"]"#),
        (#"{"metadata":{"finalizers":["c","a"]}}"#, ["metadata", "finalizers"], #"["a","b","c"]"#),
        (#"{"metadata":{"labels":{"$patch":"replace","only":"1"}}}"#, ["metadata", "labels"], #"{"only":"1"}"#),
        (
            #"{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"i"},{"$patch":"replace"}]}}}}"#,
            ["spec", "template", "spec", "containers"], #"[{"name":"only","image":"i"}]"#
        ),
        (
            #"{"spec":{"template":{"spec":{"containers":[{"name":"web","ports":[{"containerPort":443}]}]}}}}"#,
            ["spec", "template", "spec", "containers", "0", "ports"],
            #"[{"containerPort":80,"protocol":"TCP"},{"containerPort":443}]"#
        ),
        (
            #"{"spec":{"template":{"spec":{"tolerations":[{"key":"b"}]}}}}"#,
            ["spec", "template", "spec", "tolerations"],
            #"[{"key":"b"}]"#
        ),
        (#"{"spec":{"replicas":5}}"#, ["spec", "replicas"], "5"),
        (
            // structType=atomic is an SSA marker: SMP still merges the selector's maps
            #"{"spec":{"selector":{"matchLabels":{"tier":"front"}}}}"#, ["spec", "selector", "matchLabels"],
            #"{"app":"web","tier":"front"}"#
        ),
    ])
    func strategicMergePatchAsKubectlSendsIt(patch: String, path: [String], expected: String) throws {
        let result = try strategicMergePatch(Self.deployment, json(patch), kind: "Deployment")
        #expect(lookup(result, path) == json(expected))
    }

    @Test(arguments: [
        (
            // kubectl apply switching a volume from configMap to secret sends $retainKeys
            #"{"spec":{"template":{"spec":{"volumes":[{"$retainKeys":["name","secret"],"name":"conf","secret":{"secretName":"s"}}]}}}}"#,
            #"[{"name":"conf","secret":{"secretName":"s"}},{"name":"tmp","emptyDir":{}}]"#
        ),
        (
            #"{"spec":{"template":{"spec":{"volumes":[{"name":"tmp","$patch":"delete"}]}}}}"#,
            #"[{"name":"conf","configMap":{"name":"c"}}]"#
        ),
    ])
    func strategicMergePatchOfVolumes(patch: String, volumes: String) throws {
        let target = json(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{"spec":{"volumes":[{"name":"conf","configMap":{"name":"c"}},{"name":"tmp","emptyDir":{}}]}}}}"#
        )
        let result = try strategicMergePatch(target, json(patch), kind: "Deployment")
        #expect(result[path: ["spec", "template", "spec", "volumes"]] == json(volumes))
    }

    @Test func strategicMergePatchMergesServicePortsByPort() throws {
        let service = json(
            #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"https","port":443}]}}"#
        )
        let result = try strategicMergePatch(
            service, json(#"{"spec":{"ports":[{"port":80,"targetPort":9090}]}}"#), kind: "Service")
        #expect(
            result[path: ["spec", "ports"]]
                == json(#"[{"name":"http","port":80,"targetPort":9090},{"name":"https","port":443}]"#))
    }

    @Test func strategicMergePatchKeepsUntouchedFields() throws {
        let result = try strategicMergePatch(
            Self.deployment, json(#"{"metadata":{"labels":{"y":"2"}}}"#), kind: "Deployment")
        var expected = Self.deployment
        expected.setValue(["metadata", "labels", "y"], "2")
        #expect(result == expected)
    }

    @Test(arguments: [
        (
            #"{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}"#,
            "does not contain declared merge key: name"
        ),
        (#"{"metadata":{"$patch":"explode"}}"#, "Unknown patch type"),
        ("[1]", "cannot unmarshal array"),
    ])
    func strategicMergePatchRejects(patch: String, messagePart: String) {
        let error = #expect(throws: PatchError.self) {
            try strategicMergePatch(Self.deployment, json(patch), kind: "Deployment")
        }
        #expect(error?.message.contains(messagePart) == true)
    }
}

/// The value at a path of object keys and array indices.
func lookup(_ value: Value, _ path: [String]) -> Value? {
    var current: Value? = value
    for step in path {
        if let i = Int(step), let items = current?.arrayValue {
            current = items.indices.contains(i) ? items[i] : nil
        } else {
            current = current?[step]
        }
    }
    return current
}
