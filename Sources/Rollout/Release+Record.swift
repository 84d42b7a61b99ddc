import Foundation
import Manifests

extension Release {
    /// The data key of the record ConfigMap that holds the release as YAML (readable with
    /// `kubectl get configmap <app>.r<N> -o yaml`).
    public static let recordKey = "release.yaml"

    /// The release as a ConfigMap in `namespace`, named ``recordName(application:revision:)``
    /// and labeled with the application and revision.
    public func configMap(namespace: String) -> Value {
        let labels: Value = [
            AgentMetadata.managedByLabel: .string(AgentMetadata.managedByValue),
            AgentMetadata.appKey: .string(application),
            AgentMetadata.revisionLabel: .string(String(revision)),
        ]
        return [
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": [
                "name": .string(Release.recordName(application: application, revision: revision)),
                "namespace": .string(namespace),
                "labels": labels,
            ],
            "data": [Release.recordKey: .string(jsonValue.yamlString)],
        ]
    }

    /// Reads a release back from its record ConfigMap.
    ///
    /// - Throws: ``RolloutError`` (`history`) naming the ConfigMap when the data is missing
    ///   or malformed.
    public init(configMap: Value) throws {
        let name = configMap[path: ["metadata", "name"]]?.stringValue ?? "?"
        guard let text = configMap[path: ["data", Release.recordKey]]?.stringValue else {
            throw RolloutError(.history, "release record ConfigMap \(name) has no data key \(Release.recordKey)")
        }
        let documents: [Value]
        do {
            documents = try decodeYAMLObjects(text, path: "\(name)/\(Release.recordKey)")
        } catch {
            throw RolloutError(.history, "release record ConfigMap \(name) is not valid YAML", cause: "\(error)")
        }
        guard documents.count == 1 else {
            throw RolloutError(.history, "release record ConfigMap \(name) holds \(documents.count) documents, not 1")
        }
        do {
            try self.init(json: documents[0])
        } catch let error as RolloutError {
            throw RolloutError(.history, "release record ConfigMap \(name) is malformed", cause: error.message)
        }
    }

    /// The full release as a JSON-like value (the record's data, written as YAML).
    public var jsonValue: Value {
        var o = ObjectValue()
        o["application"] = .string(application)
        o["revision"] = .int(revision)
        o["commit"] = [
            "sha": .string(commit.sha), "author": .string(commit.author), "subject": .string(commit.subject),
        ]
        o["trigger"] = .string(trigger.rawValue)
        o["started"] = .string(Release.format(started))
        o["finished"] = finished.map { .string(Release.format($0)) } ?? .null
        o["result"] = .string(result.rawValue)
        o["message"] = .string(message)
        o["inventory"] = .array(inventory.map(Release.encode))
        o["actions"] = .array(
            actions.map { a in
                var entry = Release.encode(a.ref).objectValue!
                entry["action"] = .string(a.action.rawValue)
                entry["message"] = .string(a.message)
                return .object(entry)
            })
        o["errors"] = .array(errors.map { .string($0) })
        o["steps"] = .array(steps.map(Release.encode))
        return .object(o)
    }

    /// The summary `gitops-agent history --format json` prints per release: revision,
    /// commit (sha), result, started, finished, message, trigger.
    public var historyJSON: Value {
        [
            "revision": .int(revision),
            "commit": .string(commit.sha),
            "result": .string(result.rawValue),
            "started": .string(Release.format(started)),
            "finished": finished.map { .string(Release.format($0)) } ?? .null,
            "message": .string(message),
            "trigger": .string(trigger.rawValue),
        ]
    }

    /// Decodes ``jsonValue``.
    public init(json: Value) throws {
        func field<T>(_ key: String, _ read: (Value) -> T?) throws -> T {
            guard let raw = json[key], let value = read(raw) else {
                throw RolloutError(.history, "field \(key) is missing or has the wrong type")
            }
            return value
        }
        let commit = try field("commit") { $0.objectValue }
        self.init(
            application: try field("application") { $0.stringValue },
            revision: try field("revision") { $0.intValue },
            commit: Commit(
                sha: commit["sha"]?.stringValue ?? "", author: commit["author"]?.stringValue ?? "",
                subject: commit["subject"]?.stringValue ?? ""),
            trigger: try field("trigger") { $0.stringValue.flatMap(Trigger.init(rawValue:)) },
            started: try field("started") { $0.stringValue.flatMap(Release.parse) },
            finished: json["finished"]?.stringValue.flatMap(Release.parse),
            result: try field("result") { $0.stringValue.flatMap(Result.init(rawValue:)) },
            message: json["message"]?.stringValue ?? "",
            inventory: try (json["inventory"]?.arrayValue ?? []).map(Release.decodeRef),
            actions: try (json["actions"]?.arrayValue ?? []).map { entry in
                guard let action = entry["action"]?.stringValue.flatMap(ChangeAction.init(rawValue:)) else {
                    throw RolloutError(.history, "an action has no valid action field")
                }
                return Action(
                    ref: try Release.decodeRef(entry), action: action, message: entry["message"]?.stringValue ?? "")
            },
            errors: (json["errors"]?.arrayValue ?? []).compactMap(\.stringValue),
            steps: (json["steps"]?.arrayValue ?? []).map(Release.decodeStep))
    }

    static func encode(_ ref: ObjectRef) -> Value {
        var o = ObjectValue()
        o["apiVersion"] = .string(ref.apiVersion)
        o["kind"] = .string(ref.kind)
        if let namespace = ref.namespace { o["namespace"] = .string(namespace) }
        o["name"] = .string(ref.name)
        return .object(o)
    }

    static func decodeRef(_ value: Value) throws -> ObjectRef {
        guard let apiVersion = value["apiVersion"]?.stringValue, let kind = value["kind"]?.stringValue,
            let name = value["name"]?.stringValue
        else {
            throw RolloutError(.history, "an object reference lacks apiVersion, kind or name")
        }
        let (group, version) = ObjectRef.split(apiVersion: apiVersion)
        return ObjectRef(
            group: group, version: version, kind: kind, namespace: value["namespace"]?.stringValue, name: name)
    }

    static func encode(_ step: Step) -> Value {
        var values = ObjectValue()
        for key in step.values.keys.sorted() { values[key] = .double(step.values[key]!) }
        return [
            "name": .string(step.name),
            "result": .string(step.result),
            "started": step.started.map { .string(format($0)) } ?? .null,
            "finished": step.finished.map { .string(format($0)) } ?? .null,
            "values": .object(values),
            "message": .string(step.message),
        ]
    }

    static func decodeStep(_ value: Value) -> Step {
        var values: [String: Double] = [:]
        for (key, v) in value["values"]?.objectValue ?? ObjectValue() {
            switch v {
            case .double(let d): values[key] = d
            case .int(let i): values[key] = Double(i)
            default: continue
            }
        }
        return Step(
            name: value["name"]?.stringValue ?? "", result: value["result"]?.stringValue ?? "",
            started: value["started"]?.stringValue.flatMap(parse),
            finished: value["finished"]?.stringValue.flatMap(parse),
            values: values, message: value["message"]?.stringValue ?? "")
    }

    /// RFC 3339 in UTC with whole seconds, as Kubernetes writes times.
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    static func parse(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).parse(text)
    }
}
