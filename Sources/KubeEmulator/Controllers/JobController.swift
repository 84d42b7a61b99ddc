import Foundation
import Manifests

/// One step of the Job controller (KUBE-API.md §7.4): pods start on the first step, then
/// `replicasPerStep` complete per step until `completions` succeeded (`Complete`), or, with a
/// broken image, fail until `backoffLimit` is passed (`Failed`, BackoffLimitExceeded). A finished
/// Job with `ttlSecondsAfterFinished` is deleted once that time has passed.
struct JobController {
    var options: ControllerOptions

    func step(_ job: Value, now: Date) -> [ObjectChange] {
        let nowText = Timestamp.format(now)
        let old = job["status"] ?? .object(ObjectValue())
        var status = old.objectValue ?? ObjectValue()
        var conditions = old["conditions"]?.arrayValue ?? []
        let finish = conditions.first {
            ($0["type"]?.stringValue == "Complete" || $0["type"]?.stringValue == "Failed")
                && $0["status"]?.stringValue == "True"
        }
        if let finish {
            // The TTL-after-finished controller deletes finished Jobs once their TTL has passed.
            guard let ttl = job[path: ["spec", "ttlSecondsAfterFinished"]]?.intValue,
                let finishedAt = finish["lastTransitionTime"]?.stringValue.flatMap(Timestamp.parse),
                now.timeIntervalSince(finishedAt) >= TimeInterval(ttl), let ref = ObjectRef(object: job)
            else { return [] }
            return [.delete(ref)]
        }

        let completions = job[path: ["spec", "completions"]]?.intValue ?? 1
        let parallelism = job[path: ["spec", "parallelism"]]?.intValue ?? 1
        let backoffLimit = job[path: ["spec", "backoffLimit"]]?.intValue ?? 6
        var succeeded = old.int("succeeded")
        var failed = old.int("failed")
        var active = old.int("active")

        if job[path: ["spec", "suspend"]]?.boolValue == true {
            active = 0
            Conditions.set(
                &conditions, type: "Suspended", status: "True", reason: "JobSuspended", message: "Job suspended",
                now: nowText, updateField: "lastProbeTime")
        } else if status["startTime"] == nil || active == 0 && succeeded == 0 && failed == 0 {
            status["startTime"] = status["startTime"] ?? .string(nowText)
            active = min(parallelism, completions - succeeded)
            if Conditions.find(conditions, "Suspended") != nil {
                Conditions.set(
                    &conditions, type: "Suspended", status: "False", reason: "JobResumed", message: "Job resumed",
                    now: nowText, updateField: "lastProbeTime")
            }
        } else if options.isBroken(template: job[path: ["spec", "template"]]) {
            failed += min(active, options.replicasPerStep)
            if failed > backoffLimit {
                active = 0
                let message = "Job has reached the specified backoff limit"
                Conditions.set(
                    &conditions, type: "FailureTarget", status: "True", reason: "BackoffLimitExceeded",
                    message: message, now: nowText, updateField: "lastProbeTime")
                Conditions.set(
                    &conditions, type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: message,
                    now: nowText, updateField: "lastProbeTime")
            }
        } else {
            succeeded = min(completions, succeeded + min(active, options.replicasPerStep))
            active = min(parallelism, completions - succeeded)
            if succeeded >= completions {
                let message = "Reached expected number of succeeded pods"
                Conditions.set(
                    &conditions, type: "SuccessCriteriaMet", status: "True", reason: "CompletionsReached",
                    message: message, now: nowText, updateField: "lastProbeTime")
                Conditions.set(
                    &conditions, type: "Complete", status: "True", reason: "CompletionsReached", message: message,
                    now: nowText, updateField: "lastProbeTime")
                status["completionTime"] = .string(nowText)
            }
        }
        status["active"] = active == 0 ? Value?.none : .int(active)
        status["succeeded"] = succeeded == 0 ? Value?.none : .int(succeeded)
        status["failed"] = failed == 0 ? Value?.none : .int(failed)
        status["ready"] = .int(options.isBroken(template: job[path: ["spec", "template"]]) ? 0 : active)
        status["terminating"] = 0
        status["uncountedTerminatedPods"] = status["uncountedTerminatedPods"] ?? .object(ObjectValue())
        status["conditions"] = conditions.isEmpty ? Value?.none : .array(conditions)
        var next = job
        next["status"] = .object(status)
        return next == job ? [] : [.update(next)]
    }
}
