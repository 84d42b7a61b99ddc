import Manifests
import Testing

@testable import KubeEmulator

/// Parses a JSON literal of a test.
func json(_ text: String) -> Value {
    do { return try Value(json: text) } catch { fatalError("bad test JSON: \(error): \(text)") }
}

private let t0 = "2026-01-01T00:00:00Z"
private let t1 = "2026-01-01T00:05:00Z"

private let configMap = json(
    #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo","namespace":"default","labels":{"app":"demo"}},"data":{"a":"1","b":"2"}}"#
)

private let deployment = json(
    #"""
    {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
     "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
       "template":{"metadata":{"labels":{"app":"web"}},
         "spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}],
                                "env":[{"name":"A","value":"1"}]}]}}}}
    """#)

private func apply(
    _ live: Value?, _ applied: Value, manager: String = "kubectl", force: Bool = false, now: String = t0
) throws(ApplyConflict) -> Value {
    let kind = applied["kind"]?.stringValue ?? ""
    return try serverSideApply(
        live: live, applied: applied, manager: manager, force: force, now: now, schema: .forKind(kind))
}

private func managers(_ object: Value) -> [String] {
    ManagedFields.entries(of: object).map { "\($0.manager)/\($0.operation)\($0.subresource.map { "/" + $0 } ?? "")" }
}

@Suite struct ApplyServerSideTests {
    @Test func createRecordsApplyEntryWithFieldsV1() throws {
        let created = try apply(nil, configMap)
        #expect(created["data"] == json(#"{"a":"1","b":"2"}"#))
        let entries = try #require(created[path: ["metadata", "managedFields"]]?.arrayValue)
        #expect(entries.count == 1)
        #expect(
            entries[0]
                == json(
                    #"{"manager":"kubectl","operation":"Apply","apiVersion":"v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{},"f:b":{}},"f:metadata":{"f:labels":{"f:app":{}}}}}"#
                ))
    }

    @Test func createFillsDefaultsAndListMapKeys() throws {
        let created = try apply(nil, deployment)
        #expect(created[path: ["spec", "strategy", "type"]] == "RollingUpdate")
        let fields = try #require(ManagedFields.entries(of: created).first).fields.fieldsV1
        let container = fields[path: ["f:spec", "f:template", "f:spec", "f:containers", #"k:{"name":"web"}"#]]
        #expect(container?["."] == json("{}"))
        #expect(container?[path: ["f:ports", #"k:{"containerPort":80,"protocol":"TCP"}"#, "f:containerPort"]] != nil)
        #expect(fields[path: ["f:spec", "f:selector"]] == json("{}"))
        #expect(fields[path: ["f:spec", "f:strategy"]] == nil)
    }

    @Test func unchangedReapplyKeepsObjectAndManagedFields() throws {
        let created = try apply(nil, deployment)
        let again = try apply(created, deployment, now: t1)
        #expect(again == created)
        #expect(again[path: ["metadata", "managedFields"]] == created[path: ["metadata", "managedFields"]])
    }

    @Test func changedReapplyUpdatesTime() throws {
        let created = try apply(nil, configMap)
        var changed = configMap
        changed.setValue(["data", "a"], "9")
        let again = try apply(created, changed, now: t1)
        #expect(again[path: ["data", "a"]] == "9")
        #expect(ManagedFields.entries(of: again).first?.time == t1)
    }

    @Test(arguments: [
        (["data", "b"], ["data", "b"]),
        (["metadata", "labels"], ["metadata", "labels"]),
    ])
    func droppedFieldsAreRemoved(drop: [String], gone: [String]) throws {
        let created = try apply(nil, configMap)
        var next = configMap
        next.setValue(drop, nil)
        let applied = try apply(created, next, now: t1)
        #expect(applied[path: gone] == nil)
        #expect(applied[path: ["data", "a"]] == "1")
    }

    @Test func droppedEnvVarAndContainerPortAreRemoved() throws {
        let created = try apply(nil, deployment)
        var next = deployment
        next.setValue(["spec", "template", "spec", "containers"], json(#"[{"name":"web","image":"nginx:1.27"}]"#))
        let applied = try apply(created, next, now: t1)
        let container = try #require(applied[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first)
        #expect(container["env"] == nil)
        #expect(container["ports"] == nil)
        #expect(container["imagePullPolicy"] == "IfNotPresent")
    }

    @Test func conflictAfterScaleNamesTheScaleManager() throws {
        let created = try apply(nil, deployment)
        var scaled = created
        scaled.setValue(["spec", "replicas"], 3)
        let recorded = recordUpdate(old: created, new: scaled, manager: "kubectl", now: t1, subresource: "scale")
        #expect(managers(recorded) == ["kubectl/Apply", "kubectl/Update/scale"])
        let error = #expect(throws: ApplyConflict.self) { try apply(recorded, deployment, now: t1) }
        #expect(
            error?.message
                == #"Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas"#
        )
        #expect(
            error?.status[path: ["details", "causes"]]
                == json(
                    #"[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl\" with subresource \"scale\" using apps/v1","field":".spec.replicas"}]"#
                ))
        #expect(error?.status["code"] == 409)
    }

    @Test func forceTakesOwnership() throws {
        let created = try apply(nil, deployment)
        var scaled = created
        scaled.setValue(["spec", "replicas"], 3)
        let recorded = recordUpdate(old: created, new: scaled, manager: "kubectl", now: t1, subresource: "scale")
        let forced = try apply(recorded, deployment, force: true, now: t1)
        #expect(forced[path: ["spec", "replicas"]] == 2)
        #expect(managers(forced) == ["kubectl/Apply"])
    }

    @Test func equalValuesAreSharedAndSurviveOneManagersRemoval() throws {
        let created = try apply(nil, configMap)
        let other = json(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"a":"1"}}"#)
        let shared = try apply(created, other, manager: "flux")
        #expect(managers(shared) == ["kubectl/Apply", "flux/Apply"])
        var mine = configMap
        mine.setValue(["data", "a"], nil)
        let after = try apply(shared, mine, now: t1)
        #expect(after[path: ["data", "a"]] == "1")
        #expect(after[path: ["data", "b"]] == "2")
    }

    @Test func conflictingContainerImageRendersListMapPath() throws {
        let created = try apply(nil, deployment)
        let other = json(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.29"}]}}}}"#
        )
        let error = #expect(throws: ApplyConflict.self) { try apply(created, other, manager: "ci") }
        #expect(
            error?.message
                == #"Apply failed with 1 conflict: conflict with "kubectl": .spec.template.spec.containers[name="web"].image"#
        )
    }

    @Test func severalConflictsAreGroupedByManager() throws {
        let created = try apply(nil, configMap)
        let other = json(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"a":"x","b":"y"}}"#)
        let error = #expect(throws: ApplyConflict.self) { try apply(created, other, manager: "flux") }
        #expect(error?.message == "Apply failed with 2 conflicts: conflicts with \"kubectl\":\n- .data.a\n- .data.b")
        #expect(error?.causes.count == 2)
    }

    @Test func listMapItemsOfAnotherManagerAreKept() throws {
        let created = try apply(nil, deployment)
        let sidecar = json(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"proxy","image":"envoy:1"}]}}}}"#
        )
        let injected = try apply(created, sidecar, manager: "injector")
        let names = { (o: Value) in
            o[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        }
        #expect(names(injected) == ["web", "proxy"])
        let reapplied = try apply(injected, deployment, now: t1)
        #expect(names(reapplied) == ["web", "proxy"])
        #expect(
            reapplied[path: ["spec", "template", "spec", "containers"]]?.arrayValue?[1]["imagePullPolicy"]
                == "IfNotPresent")
    }

    @Test func updateManagerNeverConflictsButTakesFields() {
        let live = try? apply(nil, configMap)
        var edited = live!
        edited.setValue(["data", "a"], "changed")
        let recorded = recordUpdate(old: live, new: edited, manager: "kubectl-edit", now: t1, subresource: nil)
        let entries = ManagedFields.entries(of: recorded)
        #expect(entries.map(\.manager) == ["kubectl", "kubectl-edit"])
        #expect(entries[0].fields.contains([.field("data"), .field("a")]) == false)
        #expect(entries[1].fields.fieldsV1 == json(#"{"f:data":{"f:a":{}}}"#))
        #expect(entries[1].apiVersion == "v1")
    }

    @Test func kubectlMigratesFromClientSideApply() throws {
        var csa = configMap
        csa.setValue(["metadata", "annotations", lastAppliedAnnotation], .string(configMap.jsonString))
        let created = recordUpdate(old: nil, new: csa, manager: "kubectl-client-side-apply", now: t0, subresource: nil)
        var next = configMap
        next.setValue(["data", "a"], "new")
        let migrated = try apply(created, next, now: t1)
        #expect(migrated[path: ["data", "a"]] == "new")
        #expect(
            migrated[path: ["metadata", "annotations", lastAppliedAnnotation]]
                == #"{"apiVersion":"v1","data":{"a":"new","b":"2"},"kind":"ConfigMap","metadata":{"labels":{"app":"demo"},"name":"demo","namespace":"default"}}"#
        )
        #expect(#expect(throws: ApplyConflict.self) { try apply(created, next, manager: "flux") } != nil)
    }

    @Test func firstApplyOnObjectWithoutManagersRecordsBeforeFirstApply() throws {
        var live = deployment
        live.setValue(["metadata", "uid"], "u-1")
        let error = #expect(throws: ApplyConflict.self) {
            var changed = deployment
            changed.setValue(["spec", "replicas"], 5)
            return try apply(live, changed)
        }
        #expect(error?.causes.first?.manager == "before-first-apply")
    }

    @Test func statusIsKeptFromLive() throws {
        var live = try apply(nil, deployment)
        live.setValue(["status"], json(#"{"replicas":2}"#))
        var withStatus = deployment
        withStatus.setValue(["status"], json(#"{"replicas":99}"#))
        let applied = try apply(live, withStatus, now: t1)
        #expect(applied[path: ["status", "replicas"]] == 2)
    }

    @Test func customResourceListsFollowSchemaMarkers() throws {
        let crd = json(
            #"""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "spec":{"versions":[{"name":"v1","storage":true,"subresources":{"status":{}},"schema":{"openAPIV3Schema":
               {"type":"object","properties":{"spec":{"type":"object","properties":{
                  "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                           "items":{"type":"object","properties":{"name":{"type":"string"},"port":{"type":"integer"}}}},
                  "tags":{"type":"array","items":{"type":"string"}}}}}}}}]}}
            """#)
        let schema = MergeSchema(customResourceDefinition: crd, version: "v1")
        let first = json(
            #"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"ports":[{"name":"a","port":1}],"tags":["x","y"]}}"#
        )
        let second = json(
            #"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"ports":[{"name":"b","port":2}],"tags":["z"]}}"#
        )
        let live = try serverSideApply(live: nil, applied: first, manager: "a", force: false, now: t0, schema: schema)
        let merged = try serverSideApply(
            live: live, applied: second, manager: "b", force: true, now: t0, schema: schema)
        #expect(merged[path: ["spec", "ports"]] == json(#"[{"name":"a","port":1},{"name":"b","port":2}]"#))
        #expect(merged[path: ["spec", "tags"]] == json(#"["z"]"#))
        let error = #expect(throws: ApplyConflict.self) {
            try serverSideApply(live: live, applied: second, manager: "b", force: false, now: t0, schema: schema)
        }
        #expect(error?.causes.map(\.field) == [".spec.tags"])
    }

    @Test(arguments: [
        (#"[{"name":"a"},{"name":"b"}]"#, #"[{"name":"b"},{"name":"a"}]"#, #"[{"name":"b"},{"name":"a"}]"#),
        (
            #"[{"name":"a"},{"name":"x"},{"name":"b"}]"#, #"[{"name":"b"},{"name":"a"}]"#,
            #"[{"name":"x"},{"name":"b"},{"name":"a"}]"#
        ),
        (#"[{"name":"a"}]"#, #"[{"name":"a"},{"name":"c"}]"#, #"[{"name":"a"},{"name":"c"}]"#),
    ])
    func listMapMergeFollowsAppliedOrder(live: String, applied: String, expected: String) {
        let schema = MergeSchema.forKind("Deployment").child("spec").child("template").child("spec").child("volumes")
        #expect(merge(live: json(live), applied: json(applied), schema: schema) == json(expected))
    }

    @Test func fluxDryRunOfUnchangedManifestEqualsLive() throws {
        var posted = deployment
        applyDefaults(to: &posted)
        posted.setValue(["metadata", "uid"], "u-1")
        let live = recordUpdate(old: nil, new: posted, manager: "kubectl-create", now: t0, subresource: nil)
        let dryRun = try apply(live, deployment, manager: "gitops-agent", force: true, now: t1)
        #expect(strippingManagedFields(dryRun) == strippingManagedFields(live))
        #expect(managers(dryRun) == ["kubectl-create/Update", "gitops-agent/Apply"])
    }

    @Test func createUpdateEntryMarksNewMapsAndListsLikeTheRealServer() {
        var posted = deployment
        applyDefaults(to: &posted)
        let live = recordUpdate(old: nil, new: posted, manager: "kubectl-create", now: t0, subresource: nil)
        let fields = ManagedFields.entries(of: live).first?.fields.fieldsV1
        let spec = fields?[path: ["f:spec", "f:template", "f:spec"]]
        #expect(spec?[path: ["f:containers", "."]] == nil)
        #expect(spec?[path: ["f:containers", #"k:{"name":"web"}"#, "."]] != nil)
        #expect(spec?[path: ["f:containers", #"k:{"name":"web"}"#, "f:ports", "."]] != nil)
        #expect(fields?[path: ["f:spec", "f:strategy", "."]] == nil)
        #expect(fields?[path: ["f:spec", "f:strategy", "f:rollingUpdate", "."]] != nil)
        #expect(fields?[path: ["f:spec", "f:template", "f:metadata", "f:labels", "."]] != nil)
    }
}
