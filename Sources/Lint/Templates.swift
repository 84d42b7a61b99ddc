import Manifests

/// Files that are not plain manifests: Helm templates (skipped) and files that hold no
/// Kubernetes objects (linted as YAML only).
enum Templates {
    /// An info finding for a template, which lint skips (it is not YAML until rendered), or
    /// `nil` to lint the file: a Helm chart file (`templates/`) with `{{`, or any file where a
    /// value starts with `{{` (`name: {{ .Values.x }}`, `{{- if … }}` lines). `{{ … }}` inside
    /// quoted strings (Prometheus rules) and GitHub's `${{ … }}` do not count.
    static func skipNote(path: String, contents: [UInt8]) -> Finding? {
        guard firstMarkerLine(contents, unquotedOnly: false) != nil else { return nil }
        if path.hasPrefix("templates/") || LintPath.contains(path, "/templates/") {
            return note(path, "Helm template: not linted; it is not YAML until rendered")
        }
        guard let line = firstMarkerLine(contents, unquotedOnly: true) else { return nil }
        return note(path, "template expression on line \(line) ({{ … }}): not linted; it is not YAML until rendered")
    }

    private static func note(_ path: String, _ message: String) -> Finding {
        Finding(
            file: path, line: 1, column: 1, level: .info, rule: "template", message: message,
            hint: "lint the rendered output: helm template … | gitops-agent lint -")
    }

    /// The 1-based line of the first `{{` (not `${{`); with `unquotedOnly`, only one that starts
    /// a value (at the start of a line, or after `: ` or `- `).
    private static func firstMarkerLine(_ bytes: [UInt8], unquotedOnly: Bool) -> Int? {
        bytes.withUnsafeBufferPointer { buf in
            guard buf.count > 1 else { return nil }
            var line = 1
            for i in 0..<(buf.count - 1) {
                if buf[i] == 0x0A { line += 1 }
                guard buf[i] == UInt8(ascii: "{"), buf[i + 1] == UInt8(ascii: "{") else { continue }
                if i > 0, buf[i - 1] == UInt8(ascii: "$") { continue }
                if !unquotedOnly { return line }
                var j = i
                while j > 0, buf[j - 1] == 0x20 { j -= 1 }
                if j == 0 || buf[j - 1] == 0x0A { return line }
                if j < i, j >= 1, buf[j - 1] == UInt8(ascii: ":") || buf[j - 1] == UInt8(ascii: "-") { return line }
            }
            return nil
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
        return !(path.hasPrefix(".github/") || LintPath.contains(path, "/.github/"))
    }
}

/// The patch files named by the `kustomization.yaml` files of a snapshot.
struct KustomizePatches {
    private var paths: Set<String> = []

    init(_ files: [LintSource]) {
        for file in files {
            let name =
                file.path.utf8.lastIndex(of: UInt8(ascii: "/")).map { file.path[file.path.index(after: $0)...] }
                ?? file.path[...]
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

    func contains(_ path: String) -> Bool { !paths.isEmpty && paths.contains(KustomizePatches.normalize(path)) }

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
