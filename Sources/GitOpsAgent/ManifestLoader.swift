import Foundation
import Manifests

/// Turns an application's directory of a snapshot into the objects to apply: every YAML and
/// JSON file under it (multi-document files, `kind: List` expanded), or — when the directory
/// has a `kustomization.yaml` — the output of `kubectl kustomize`.
struct ManifestLoader: Sendable {
    /// Reads one file of the snapshot.
    typealias ReadFile = @Sendable (String) throws -> [UInt8]

    /// The kubectl used for kustomize; `nil` looks it up in `PATH`.
    var kubectl: String?

    static let kustomizationNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// The objects of the application at `directory`, in file order.
    /// - Parameters:
    ///   - files: every file path of the snapshot (repository-relative).
    ///   - read: reads a file's bytes.
    /// - Throws: `AgentError` (`manifests`) naming `file:line:col` of the first unreadable
    ///   file, or (`kustomize`) what kubectl said.
    func objects(application: String, directory: String, files: [String], read: ReadFile) throws -> [Value] {
        let prefix = directory + "/"
        let inside = files.filter { $0.hasPrefix(prefix) }.sorted()
        if inside.isEmpty {
            throw AgentError(
                .manifests, application: application,
                "the directory \(directory) has no files at this commit; check the application's path")
        }
        if Self.kustomizationNames.contains(where: { inside.contains(prefix + $0) }) {
            return try kustomize(application: application, directory: directory, files: files, read: read)
        }
        var objects: [Value] = []
        for path in inside where Self.isManifest(path) {
            let bytes = try readOrThrow(path, application: application, read: read)
            let values: [Value]
            do {
                if path.hasSuffix(".json") {
                    values = [try Value(jsonBytes: bytes)]
                } else {
                    values = try decodeYAMLObjects(bytes: bytes, path: path)
                }
            } catch let error as YAMLError {
                throw AgentError(.manifests, application: application, error.description)
            } catch {
                throw AgentError(.manifests, application: application, "\(path): \(error)")
            }
            for value in values { objects.append(contentsOf: Self.expandLists(value)) }
        }
        return objects
    }

    static func isManifest(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml") || path.hasSuffix(".json")
    }

    /// `kind: List` (what `kubectl get -o yaml` writes) holds its objects in `items`.
    static func expandLists(_ value: Value) -> [Value] {
        if value["kind"]?.stringValue == "List", let items = value["items"]?.arrayValue { return items }
        return [value]
    }

    private func readOrThrow(_ path: String, application: String, read: ReadFile) throws -> [UInt8] {
        do {
            return try read(path)
        } catch {
            throw AgentError(.manifests, application: application, "\(path) cannot be read: \(error)")
        }
    }

    /// Writes the snapshot's files into a scratch directory (kustomize may refer to bases
    /// outside the application's directory) and runs `kubectl kustomize` there.
    private func kustomize(application: String, directory: String, files: [String], read: ReadFile) throws -> [Value] {
        guard let kubectl = kubectl ?? Self.findInPath("kubectl") else {
            throw AgentError(
                .kustomize, application: application,
                "\(directory) has a kustomization.yaml, which needs kubectl (kubectl kustomize); install kubectl or render the manifests into plain YAML"
            )
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gitops-agent-kustomize-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let tree = scratch.appendingPathComponent("repository")
        for path in files {
            let target = tree.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(readOrThrow(path, application: application, read: read)).write(to: target)
        }
        let output = try ChildProcess.run(
            kubectl, ["kustomize", tree.appendingPathComponent(directory).path], timeout: .seconds(120))
        guard output.status == 0 else {
            let message = output.stderr.replacingOccurrences(of: tree.path + "/", with: "")
            throw AgentError(
                .kustomize, application: application,
                "kubectl kustomize \(directory) exited with \(output.status): \(message.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
        do {
            return try decodeYAMLObjects(output.stdout, path: "kustomize(\(directory))").flatMap(Self.expandLists)
        } catch {
            throw AgentError(.kustomize, application: application, error.description)
        }
    }

    static func findInPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
