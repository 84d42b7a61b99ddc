import Manifests
import Testing

@testable import KubeEmulator

private let t0 = "2026-01-01T00:00:00Z"
private let t1 = "2026-01-01T00:05:00Z"

private let configMap = json(
    #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo","namespace":"default"},"data":{"a":"1"}}"#)

@Suite struct ApplyRecordUpdateTests {
    @Test func createRecordsEveryFieldWithNewMapsAsMembers() throws {
        let created = recordUpdate(old: nil, new: configMap, manager: "kubectl-create", now: t0, subresource: nil)
        let entry = try #require(ManagedFields.entries(of: created).first)
        #expect(entry.manager == "kubectl-create")
        #expect(entry.operation == "Update")
        #expect(entry.time == t0)
        #expect(entry.fields.fieldsV1 == json(#"{"f:data":{".":{},"f:a":{}}}"#))
    }

    @Test func unchangedUpdateKeepsEntryAndTime() {
        let created = recordUpdate(old: nil, new: configMap, manager: "m", now: t0, subresource: nil)
        let again = recordUpdate(old: created, new: created, manager: "m", now: t1, subresource: nil)
        #expect(again == created)
        let other = recordUpdate(old: created, new: created, manager: "other", now: t1, subresource: nil)
        #expect(ManagedFields.entries(of: other).map(\.manager) == ["m"])
    }

    @Test func removedFieldsLeaveEveryManager() {
        let created = recordUpdate(old: nil, new: configMap, manager: "m", now: t0, subresource: nil)
        var edited = created
        edited.setValue(["data", "a"], nil)
        edited.setValue(["data", "b"], "2")
        let recorded = recordUpdate(old: created, new: edited, manager: "edit", now: t1, subresource: nil)
        let entries = ManagedFields.entries(of: recorded)
        #expect(entries.map(\.manager) == ["m", "edit"])
        #expect(entries[0].fields.fieldsV1 == json(#"{"f:data":{}}"#))
        #expect(entries[1].fields.fieldsV1 == json(#"{"f:data":{"f:b":{}}}"#))
    }

    @Test func addingAContainerMarksTheItemNotTheList() throws {
        let d = json(
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"w"},"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"}]}}}}"#
        )
        var next = d
        next.setValue(
            ["spec", "template", "spec", "containers"], json(#"[{"name":"a","image":"x"},{"name":"b","image":"y"}]"#))
        let recorded = recordUpdate(old: d, new: next, manager: "m", now: t0, subresource: nil)
        let fields = try #require(ManagedFields.entries(of: recorded).first).fields.fieldsV1
        #expect(
            fields
                == json(
                    #"{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"b\"}":{".":{},"f:image":{},"f:name":{}}}}}}}"#
                ))
    }

    @Test func statusWritesAreRecordedForTheSubresourceOnly() throws {
        let d = json(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"w"},"spec":{"replicas":1}}"#)
        var next = d
        next.setValue(["status"], json(#"{"replicas":1}"#))
        let viaMain = recordUpdate(old: d, new: next, manager: "m", now: t0, subresource: nil)
        #expect(ManagedFields.entries(of: viaMain).isEmpty)
        let viaStatus = recordUpdate(
            old: d, new: next, manager: "kube-controller-manager", now: t0, subresource: "status")
        let entry = try #require(ManagedFields.entries(of: viaStatus).first)
        #expect(entry.subresource == "status")
        #expect(entry.value["subresource"] == "status")
        #expect(entry.fields.fieldsV1 == json(#"{"f:status":{"f:replicas":{}}}"#))
    }

    @Test func resetWithEmptyEntryClearsManagedFields() {
        let created = recordUpdate(old: nil, new: configMap, manager: "m", now: t0, subresource: nil)
        var reset = created
        reset.setValue(["metadata", "managedFields"], [[:]])
        #expect(
            recordUpdate(old: created, new: reset, manager: "flux", now: t1, subresource: nil)[path: [
                "metadata", "managedFields",
            ]] == nil)
        var empty = created
        empty.setValue(["metadata", "managedFields"], [])
        let kept = recordUpdate(old: created, new: empty, manager: "flux", now: t1, subresource: nil)
        #expect(ManagedFields.entries(of: kept).map(\.manager) == ["m"])
    }

    @Test func writtenManagedFieldsAreHonoured() {
        let created = recordUpdate(old: nil, new: configMap, manager: "kubectl", now: t0, subresource: nil)
        var renamed = created
        let replacement = ManagedFieldsEntry(
            manager: "flux", operation: "Apply", apiVersion: "v1", time: t0,
            fields: FieldSet([[.field("data"), .field("a")]]))
        renamed.setValue(["metadata", "managedFields"], [replacement.value])
        let recorded = recordUpdate(old: created, new: renamed, manager: "flux-patch", now: t1, subresource: nil)
        #expect(ManagedFields.entries(of: recorded) == [replacement])
    }

    @Test func moreThanTenUpdateManagersAreCappedIntoAncientChanges() {
        var object = recordUpdate(
            old: nil, new: configMap, manager: "m0", now: "2026-01-01T00:00:00Z", subresource: nil)
        for i in 1...11 {
            var next = object
            next.setValue(["data", "k\(i)"], .string("\(i)"))
            let time = "2026-01-01T00:00:\(i < 10 ? "0" : "")\(i)Z"
            object = recordUpdate(old: object, new: next, manager: "m\(i)", now: time, subresource: nil)
        }
        let entries = ManagedFields.entries(of: object)
        #expect(entries.count == 10)
        #expect(entries.first?.manager == "ancient-changes")
        #expect(entries.first?.fields.contains([.field("data"), .field("a")]) == true)
        #expect(entries.first?.fields.contains([.field("data"), .field("k2")]) == true)
        #expect(entries.last?.manager == "m11")
    }

    @Test func fieldsV1RoundTrips() {
        let text =
            #"{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},"f:port":{}}}},"f:finalizers":{"v:\"x\"":{}}}"#
        let set = FieldSet(fieldsV1: json(text))
        #expect(set.fieldsV1 == json(text))
        #expect(set.contains([.field("metadata"), .field("labels")]))
        #expect(
            renderPath([.field("spec"), .field("ports"), .key(#"{"port":80,"protocol":"TCP"}"#), .field("port")])
                == #".spec.ports[port=80,protocol="TCP"].port"#)
        #expect(
            renderPath([.field("metadata"), .field("finalizers"), .value(#""x""#)]) == #".metadata.finalizers[="x"]"#)
    }

    @Test func ownerReferencesAreAtomicItemsOfAListMap() throws {
        let rs = json(
            #"{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"r","ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"d","uid":"u","controller":true}]}}"#
        )
        let recorded = recordUpdate(old: nil, new: rs, manager: "kube-controller-manager", now: t0, subresource: nil)
        let fields = try #require(ManagedFields.entries(of: recorded).first).fields.fieldsV1
        #expect(fields == json(#"{"f:metadata":{"f:ownerReferences":{".":{},"k:{\"uid\":\"u\"}":{}}}}"#))
    }

    @Test func podImagePullSecretsMergeByNameUnderServerSideApply() throws {
        func pod(_ secret: String) -> Value {
            json(
                #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"imagePullSecrets":[{"name":"\#(secret)"}]}}"#
            )
        }
        let schema = MergeSchema.forKind("Pod")
        let live = try serverSideApply(
            live: nil, applied: pod("a"), manager: "x", force: false, now: t0, schema: schema)
        let merged = try serverSideApply(
            live: live, applied: pod("b"), manager: "y", force: false, now: t0, schema: schema)
        #expect(merged[path: ["spec", "imagePullSecrets"]] == json(#"[{"name":"a"},{"name":"b"}]"#))
    }
}
