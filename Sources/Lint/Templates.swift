import Manifests

/// Files that are not plain manifests: Helm templates (skipped) and files that hold no
/// Kubernetes objects (linted as YAML only).
enum Templates {
    /// An info finding for a file lint skips, or `nil` to lint it.
    static func skipNote(path: String, contents: [UInt8]) -> Finding? {
        guard containsTemplateMarker(contents) else { return nil }
        let inChart = path.hasPrefix("templates/") || path.contains("/templates/")
        let what = inChart ? "Helm template" : "template (contains {{ … }})"
        return Finding(
            file: path, line: 1, column: 1, level: .info, rule: "template",
            message: "\(what): not linted; it is not YAML until rendered",
            hint: "lint the rendered output: helm template … | gitops-agent lint -")
    }

    private static func containsTemplateMarker(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buf in
            guard buf.count > 1 else { return false }
            for i in 0..<(buf.count - 1) where buf[i] == UInt8(ascii: "{") && buf[i + 1] == UInt8(ascii: "{") {
                return true
            }
            return false
        }
    }

    /// File names of tool configuration that look like YAML objects but are not Kubernetes's.
    private static let notObjects: Set<String> = [
        "Chart.yaml", "Chart.lock", "values.yaml", "values.yml", "kustomization.yaml", "kustomization.yml",
        "Kustomization", LintConfig.fileName, ".pre-commit-hooks.yaml", ".pre-commit-config.yaml", ".yamllint",
        ".yamllint.yaml", ".yamllint.yml", "gitops-agent.yaml", "skaffold.yaml", "docker-compose.yaml",
        "docker-compose.yml", "mkdocs.yml", ".gitlab-ci.yml", "codecov.yml",
    ]

    /// Whether the Kubernetes rules should look at this file.
    static func mayHoldObjects(_ path: String) -> Bool {
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        if notObjects.contains(name) { return false }
        if name.hasPrefix("values-") || name.hasPrefix("values.") { return false }
        return !(path.hasPrefix(".github/") || path.contains("/.github/"))
    }
}

/// The patch files named by the `kustomization.yaml` files of a snapshot.
struct KustomizePatches {
    private var paths: Set<String> = []

    init(_ files: [LintSource]) {
        for file in files {
            let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
            guard name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization",
                let value = try? decodeYAMLObjects(bytes: file.contents, path: file.path).first
            else { continue }
            let dir = LintPath.directory(of: file.path)
            var names: [String] = []
            for item in value["patchesStrategicMerge"]?.arrayValue ?? [] {
                if let s = item.stringValue { names.append(s) }
            }
            for key in ["patches", "patchesJson6902"] {
                for item in value[key]?.arrayValue ?? [] {
                    if let s = item["path"]?.stringValue { names.append(s) }
                }
            }
            for n in names where !n.contains("\n") {
                paths.insert(KustomizePatches.normalize(LintPath.join(dir, n)))
            }
        }
    }

    func contains(_ path: String) -> Bool { paths.contains(KustomizePatches.normalize(path)) }

    /// Removes `.` components and folds `..`.
    static func normalize(_ path: String) -> String {
        var out: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = out.last, last != ".." {
                out.removeLast()
                continue
            }
            out.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + out.joined(separator: "/")
    }
}
