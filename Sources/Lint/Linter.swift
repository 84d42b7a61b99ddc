import Dispatch
import Manifests
import Synchronization

/// One file handed to the linter.
public struct LintSource: Sendable {
    /// The path printed in findings; also used to find `.gitops-lint.yaml` and globs.
    public var path: String
    public var contents: [UInt8]
    /// Named by the user (not found by walking a directory): linted even when the
    /// configuration's `include` globs do not select it (its `exclude` globs still apply).
    public var explicit: Bool

    public init(path: String, contents: [UInt8], explicit: Bool = false) {
        self.path = path
        self.contents = contents
        self.explicit = explicit
    }
}

/// Lints a snapshot of in-memory files: YAML rules, then the Kubernetes rules on the files'
/// objects. Pure: no file system or network access.
///
/// ```swift
/// let linter = Linter(kubernetes: KubernetesChecker())
/// let findings = linter.lint([LintSource(path: "app/deploy.yaml", contents: Array(text.utf8))])
/// ```
public struct Linter: Sendable {
    /// One configuration for every file (`--config`); `nil`: the nearest `.gitops-lint.yaml`.
    public var config: LintConfig?
    /// Overrides the configurations' `kube-version` (`--kube-version`).
    public var kubeVersion: KubernetesVersion?
    /// The Kubernetes checks; `nil` runs the YAML rules only.
    public var kubernetes: (any KubernetesLinting)?

    public init(
        config: LintConfig? = nil, kubeVersion: KubernetesVersion? = nil, kubernetes: (any KubernetesLinting)? = nil
    ) {
        self.config = config
        self.kubeVersion = kubeVersion
        self.kubernetes = kubernetes
    }

    /// Ids of the YAML rules this linter runs (the Kubernetes checks add `kubernetes-*` ids).
    public static var yamlRuleIDs: [String] { YAMLRule.all.map(\.id) }

    /// Lints `files`, sorted by file, line and column.
    ///
    /// - Parameters:
    ///   - files: the files to lint. `.gitops-lint.yaml` files among them configure the files
    ///     below their directory; `kustomization.yaml` files mark their patches.
    ///   - configs: more configurations by directory (e.g. read from disk above the files).
    ///   - context: files that are not linted but whose CustomResourceDefinitions count.
    public func lint(_ files: [LintSource], configs: [String: LintConfig] = [:], context: [LintSource] = [])
        -> [Finding]
    {
        var resolver = ConfigResolver(fixed: config, configs: configs)
        var findings = resolver.load(from: files)
        let patches = KustomizePatches(files)
        let fileConfigs = files.map { resolver.config(for: $0.path) }
        // Files are independent: lint them on all cores (pure computation, no blocking).
        var results = [FileResult?](repeating: nil, count: files.count)
        let chunks = min(files.count, 64)
        results.withUnsafeMutableBufferPointer { slots in
            let output = SlotWriter(slots)
            // Each worker takes the next file: sizes differ, and a fixed split leaves one
            // worker alone with the big files at the end.
            let next = Atomic(0)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                // Load the schema data while the other workers lint files.
                if chunk == 1 { kubernetes?.prepare() }
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard i < files.count else { break }
                    output.write(i, lintFile(files[i], config: fileConfigs[i], patches: patches))
                }
            }
        }
        var kubeSources: [(source: KubernetesSource, config: LintConfig, directives: Directives)] = []
        for i in results.indices {
            guard let result = results[i].take() else { continue }
            findings += result.findings
            if let kube = result.kubernetes { kubeSources.append((kube, fileConfigs[i], result.directives)) }
        }
        if let kubernetes, !kubeSources.isEmpty {
            findings += kubernetesFindings(kubernetes, kubeSources, context: context)
        }
        Self.releaseDocuments(&kubeSources)
        findings.sort(by: Finding.ordered)
        return findings
    }

    /// Frees the parsed documents on all cores: freeing thousands of node trees on one thread
    /// takes as long as a good part of the linting.
    private static func releaseDocuments(
        _ sources: inout [(source: KubernetesSource, config: LintConfig, directives: Directives)]
    ) {
        let workers = min(sources.count / 64, 8)
        guard workers > 1 else { return }
        let count = sources.count
        sources.withUnsafeMutableBufferPointer { buffer in
            let slots = SlotWriter(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for i in stride(from: worker, to: count, by: workers) { slots.clearDocuments(i) }
            }
        }
    }

    /// What linting one file gives: its YAML findings, and its documents for the Kubernetes
    /// checks when they apply.
    private struct FileResult: Sendable {
        var findings: [Finding] = []
        var kubernetes: KubernetesSource?
        var directives = Directives()
    }

    private func lintFile(_ file: LintSource, config: LintConfig, patches: KustomizePatches) -> FileResult? {
        let relative = LintPath.relative(file.path, to: config.directory)
        if !(file.explicit || config.selects(file.path)) { return nil }
        if config.exclude.contains(where: { Glob.matches($0, relative) }) { return nil }
        var result = FileResult()
        if let note = Templates.skipNote(path: file.path, contents: file.contents) {
            result.findings.append(note)
            return result
        }
        let lintFile = LintFile(path: file.path, bytes: file.contents)
        let directives = Directives(lintFile)
        result.directives = directives
        for rule in YAMLRule.all {
            guard let level = config.level(of: rule.id, default: rule.defaultLevel, enabled: rule.enabledLevel)
            else { continue }
            for var finding in rule.check(lintFile, config.options(of: rule.id))
            where !directives.isDisabled(rule.id, line: finding.line) {
                finding.level = level
                result.findings.append(finding)
            }
        }
        guard kubernetes != nil, Templates.mayHoldObjects(file.path) else { return result }
        if patches.contains(file.path) {
            result.findings.append(
                Finding(
                    file: file.path, line: 1, column: 1, level: .info, rule: "kustomize-patch",
                    message: "kustomize patch: checked as YAML only (Kubernetes rules apply to the built output)"))
            return result
        }
        // The text serves hints about commented-out keys: without a `#` there is nothing to find.
        let text = file.contents.contains(UInt8(ascii: "#")) ? String(decoding: file.contents, as: UTF8.self) : ""
        result.kubernetes = KubernetesSource(path: file.path, text: text, documents: lintFile.documents)
        return result
    }

    /// Lints `(path, contents)` pairs found by walking a snapshot (include globs apply).
    public func lint(files: [(path: String, contents: [UInt8])]) -> [Finding] {
        lint(files.map { LintSource(path: $0.path, contents: $0.contents) })
    }

    private func kubernetesFindings(
        _ checker: any KubernetesLinting,
        _ sources: [(source: KubernetesSource, config: LintConfig, directives: Directives)], context: [LintSource]
    ) -> [Finding] {
        let contextSources = context.compactMap { file -> KubernetesSource? in
            guard Templates.skipNote(path: file.path, contents: file.contents) == nil else { return nil }
            let documents = parseYAMLStream(bytes: file.contents, path: file.path).documents
            return KubernetesSource(path: file.path, documents: documents)
        }
        // Files under different configurations may target different releases: one call each.
        var groups: [String: [Int]] = [:]
        var versions: [String: KubernetesVersion?] = [:]
        for (i, entry) in sources.enumerated() {
            let version = kubeVersion ?? entry.config.kubeVersion.flatMap { KubernetesVersion($0) }
            let key = version?.description ?? ""
            groups[key, default: []].append(i)
            versions[key] = version
        }
        var byPath: [String: Int] = [:]
        for (i, entry) in sources.enumerated() { byPath[entry.source.path] = i }
        var out: [Finding] = []
        for (key, indices) in groups.sorted(by: { $0.key < $1.key }) {
            let group = indices.map { sources[$0].source }
            for var finding in checker.findings(for: group, context: contextSources, kubeVersion: versions[key] ?? nil)
            {
                guard let i = byPath[finding.file] else {
                    out.append(finding)
                    continue
                }
                let config = sources[i].config
                guard let level = config.level(of: finding.rule, default: finding.level, enabled: finding.level),
                    !sources[i].directives.isDisabled(finding.rule, line: finding.line)
                else { continue }
                finding.level = level
                out.append(finding)
            }
        }
        return out
    }
}

/// Finds the configuration of each file: the fixed one, or the nearest `.gitops-lint.yaml`.
struct ConfigResolver {
    private let fixed: LintConfig?
    private var configs: [String: LintConfig]
    private var cache: [String: LintConfig] = [:]

    init(fixed: LintConfig?, configs: [String: LintConfig]) {
        self.fixed = fixed
        self.configs = configs
    }

    /// Reads the configuration files among `files`; a broken one is reported as a finding.
    mutating func load(from files: [LintSource]) -> [Finding] {
        var findings: [Finding] = []
        for file in files where file.path == LintConfig.fileName || file.path.hasSuffix("/" + LintConfig.fileName) {
            do {
                let config = try LintConfig.parse(String(decoding: file.contents, as: UTF8.self), path: file.path)
                configs[config.directory] = config
            } catch {
                findings.append(
                    Finding(
                        file: file.path, line: error.line ?? 1, column: 1, level: .error, rule: "config",
                        message: error.message))
            }
        }
        return findings
    }

    mutating func config(for path: String) -> LintConfig {
        if let fixed { return fixed }
        let directory = LintPath.directory(of: path)
        if let hit = cache[directory] { return hit }
        var found = LintConfig.default
        for dir in LintPath.ancestors(of: path) {
            if let c = configs[dir] {
                found = c
                break
            }
        }
        cache[directory] = found
        return found
    }
}

/// Lets the workers of `concurrentPerform` fill distinct slots of one buffer.
private struct SlotWriter<T>: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<T>

    init(_ slots: UnsafeMutableBufferPointer<T>) { self.slots = slots }

    /// Each index is written by exactly one worker.
    func write(_ index: Int, _ value: T) { slots[index] = value }
}

extension SlotWriter where T == (source: KubernetesSource, config: LintConfig, directives: Directives) {
    /// Each index is cleared by exactly one worker.
    func clearDocuments(_ index: Int) { slots[index].source.documents = [] }
}
