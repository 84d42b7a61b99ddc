import Manifests

/// Workload defaults (`pkg/apis/apps/v1` and `batch/v1` `defaults.go`).
extension Defaults {
    static func deployment(_ d: inout Value) {
        d.setDefault(["spec", "replicas"], 1)
        d.setDefault(["spec", "strategy", "type"], "RollingUpdate")
        if d[path: ["spec", "strategy", "type"]]?.stringValue == "RollingUpdate" {
            d.setDefault(["spec", "strategy", "rollingUpdate", "maxUnavailable"], "25%")
            d.setDefault(["spec", "strategy", "rollingUpdate", "maxSurge"], "25%")
        }
        d.setDefault(["spec", "revisionHistoryLimit"], 10)
        d.setDefault(["spec", "progressDeadlineSeconds"], 600)
        podTemplate(&d, at: ["spec", "template"])
    }

    static func statefulSet(_ s: inout Value) {
        s.setDefault(["spec", "replicas"], 1)
        s.setDefault(["spec", "podManagementPolicy"], "OrderedReady")
        s.setDefault(["spec", "updateStrategy", "type"], "RollingUpdate")
        if s[path: ["spec", "updateStrategy", "type"]]?.stringValue == "RollingUpdate" {
            s.setDefault(["spec", "updateStrategy", "rollingUpdate", "partition"], 0)
        }
        s.setDefault(["spec", "revisionHistoryLimit"], 10)
        s.setDefault(["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"], "Retain")
        s.setDefault(["spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"], "Retain")
        s.modifyItems(["spec", "volumeClaimTemplates"]) { pvc in
            pvc.setDefault(["apiVersion"], "v1")
            pvc.setDefault(["kind"], "PersistentVolumeClaim")
            persistentVolumeClaim(&pvc)
            pvc.setDefault(["status", "phase"], "Pending")
        }
        podTemplate(&s, at: ["spec", "template"])
    }

    static func daemonSet(_ d: inout Value) {
        d.setDefault(["spec", "updateStrategy", "type"], "RollingUpdate")
        if d[path: ["spec", "updateStrategy", "type"]]?.stringValue == "RollingUpdate" {
            d.setDefault(["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"], 1)
            d.setDefault(["spec", "updateStrategy", "rollingUpdate", "maxSurge"], 0)
        }
        d.setDefault(["spec", "revisionHistoryLimit"], 10)
        podTemplate(&d, at: ["spec", "template"])
    }

    static func job(_ j: inout Value) {
        jobSpec(&j, at: ["spec"])
        // The Job strategy selects the Job's pods by its uid (batch `job/strategy.go`).
        if let uid = j[path: ["metadata", "uid"]]?.stringValue, j[path: ["spec", "manualSelector"]]?.boolValue != true,
            let name = j[path: ["metadata", "name"]]?.stringValue
        {
            let labels: [(String, Value)] = [
                ("batch.kubernetes.io/controller-uid", .string(uid)), ("batch.kubernetes.io/job-name", .string(name)),
                ("controller-uid", .string(uid)), ("job-name", .string(name)),
            ]
            for (k, v) in labels { j.setDefault(["spec", "template", "metadata", "labels", k], v) }
            j.setDefault(["spec", "selector", "matchLabels", "batch.kubernetes.io/controller-uid"], .string(uid))
            if j[path: ["metadata", "labels"]]?.objectValue?.isEmpty != false {
                j.setValue(["metadata", "labels"], j[path: ["spec", "template", "metadata", "labels"]])
            }
        }
    }

    static func jobSpec(_ j: inout Value, at spec: [String]) {
        if j[path: spec + ["completions"]] == nil, j[path: spec + ["parallelism"]] == nil {
            j.setDefault(spec + ["completions"], 1)
        }
        j.setDefault(spec + ["parallelism"], 1)
        j.setDefault(spec + ["backoffLimit"], 6)
        j.setDefault(spec + ["completionMode"], "NonIndexed")
        j.setDefault(spec + ["suspend"], false)
        j.setDefault(
            spec + ["podReplacementPolicy"],
            j[path: spec + ["podFailurePolicy"]] == nil ? "TerminatingOrFailed" : "Failed")
        podTemplate(&j, at: spec + ["template"])
    }

    static func cronJob(_ c: inout Value) {
        c.setDefault(["spec", "concurrencyPolicy"], "Allow")
        c.setDefault(["spec", "suspend"], false)
        c.setDefault(["spec", "successfulJobsHistoryLimit"], 3)
        c.setDefault(["spec", "failedJobsHistoryLimit"], 1)
        podTemplate(&c, at: ["spec", "jobTemplate", "spec", "template"])
    }
}
