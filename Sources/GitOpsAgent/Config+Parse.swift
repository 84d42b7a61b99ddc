import Foundation
import Manifests

extension Config {
    static let topLevelKeys = [
        "repository", "historyNamespace", "healthTimeout", "healthPollInterval", "waitForHealth", "clusters",
        "applications",
    ]
    static let repositoryKeys = [
        "url", "branch", "interval", "tokenFile", "username", "sshKeyFile", "sshKeyPassphraseFile", "knownHostsFile",
        "caFile", "cacheDirectory", "timeout",
    ]
    static let clusterKeys = ["name", "kubeconfig", "context", "inCluster", "qps", "burst", "timeout"]
    static let settingKeys = [
        "cluster", "namespace", "prune", "pruneNamespaces", "prunePersistentVolumeClaims",
        "pruneCustomResourceDefinitions", "historyLimit", "allowedNamespaces", "healthTimeout",
    ]

    /// Reads and checks the config file at `path`.
    /// - Throws: `ConfigError` listing every problem with its `path:line:col`.
    static func load(path: String) throws(ConfigError) -> Config {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, mark: nil, "cannot read the config file (does it exist?)")
        }
        let base = (path as NSString).deletingLastPathComponent
        return try parse(bytes: [UInt8](data), path: path, baseDirectory: base.isEmpty ? "." : base)
    }

    /// Checks a config text; `baseDirectory` anchors its relative file paths.
    static func parse(bytes: [UInt8], path: String, baseDirectory: String) throws(ConfigError) -> Config {
        let documents: [YAMLDocument]
        do {
            documents = try parseYAML(bytes: bytes, path: path)
        } catch {
            throw ConfigError(path: path, mark: error.mark, error.message)
        }
        let roots = documents.compactMap(\.root)
        guard let root = roots.first else {
            throw ConfigError(
                path: path, mark: nil, "the config file is empty; it needs repository, clusters and applications")
        }
        let reader = ConfigReader(path: path)
        if roots.count > 1 {
            reader.report(roots[1].start, "the config file must hold one YAML document, not \(roots.count)")
        }
        let config = ConfigParser(reader: reader, baseDirectory: baseDirectory).config(root, path: path)
        guard reader.problems.isEmpty, let config else { throw ConfigError(reader.problems) }
        return config
    }
}

/// Walks the config's node tree; problems go to `reader`.
private struct ConfigParser {
    let reader: ConfigReader
    let baseDirectory: String

    func config(_ root: Node, path: String) -> Config? {
        guard let top = reader.fields(root, of: "the config file", allowed: Config.topLevelKeys) else { return nil }
        let repository = top.value("repository", required: true).flatMap(repository)
        var clusters: [Config.Cluster] = []
        for (index, node) in (top.sequence("clusters", required: true) ?? []).enumerated() {
            guard let cluster = cluster(node, index: index) else { continue }
            if let other = clusters.first(where: { $0.name == cluster.name }) {
                reader.report(
                    cluster.mark, "cluster '\(cluster.name)' is defined twice (first at line \(other.mark.line))")
                continue
            }
            clusters.append(cluster)
        }
        if top.has("clusters"), top.node["clusters"]?.items?.isEmpty == true {
            reader.report(top.mark(of: "clusters"), "'clusters' is empty; list at least one cluster")
        }
        let entries = (top.sequence("applications", required: true) ?? []).enumerated().compactMap {
            application($0.element, index: $0.offset)
        }
        if top.node["applications"]?.items?.isEmpty == true {
            reader.report(top.mark(of: "applications"), "'applications' is empty; list at least one application")
        }
        checkReferences(entries, clusters: clusters)
        let historyNamespace = top.string("historyNamespace") ?? "gitops-agent"
        if top.has("historyNamespace") {
            checkLabel(historyNamespace, at: top.node["historyNamespace"]!.start, "historyNamespace")
        }
        guard let repository else { return nil }
        return Config(
            path: path, repository: repository, historyNamespace: historyNamespace,
            healthTimeout: top.duration("healthTimeout") ?? .seconds(300),
            healthPollInterval: top.duration("healthPollInterval") ?? .seconds(2),
            waitForHealth: top.bool("waitForHealth") ?? true, clusters: clusters,
            applications: entries)
    }

    private func repository(_ node: Node) -> Config.Repository? {
        guard let f = reader.fields(node, of: "repository", allowed: Config.repositoryKeys) else { return nil }
        let url = f.string("url", required: true)
        var repo = Config.Repository(url: url ?? "")
        repo.branch = f.string("branch") ?? repo.branch
        repo.interval = f.duration("interval") ?? repo.interval
        repo.timeout = f.duration("timeout") ?? repo.timeout
        repo.username = f.string("username")
        repo.tokenFile = file(f, "tokenFile")
        repo.sshKeyFile = file(f, "sshKeyFile")
        repo.sshKeyPassphraseFile = file(f, "sshKeyPassphraseFile")
        repo.knownHostsFile = file(f, "knownHostsFile")
        repo.caFile = file(f, "caFile")
        repo.cacheDirectory = file(f, "cacheDirectory")
        if f.has("tokenFile"), f.has("sshKeyFile") {
            reader.report(
                f.mark(of: "sshKeyFile"), "repository has both tokenFile and sshKeyFile; keep the one its url needs")
        }
        if f.has("sshKeyFile"), !f.has("knownHostsFile") {
            reader.report(
                f.mark(of: "sshKeyFile"),
                "repository has sshKeyFile but no knownHostsFile; add the server's host key (ssh-keyscan) to a file and name it"
            )
        }
        if f.has("sshKeyPassphraseFile"), !f.has("sshKeyFile") {
            reader.report(f.mark(of: "sshKeyPassphraseFile"), "sshKeyPassphraseFile needs sshKeyFile")
        }
        return url == nil ? nil : repo
    }

    private func cluster(_ node: Node, index: Int) -> Config.Cluster? {
        guard let f = reader.fields(node, of: "clusters[\(index)]", allowed: Config.clusterKeys) else { return nil }
        guard let name = f.string("name", required: true) else { return nil }
        checkLabel(name, at: f.node["name"]!.start, "cluster name")
        let context = "cluster '\(name)'"
        let inCluster = f.bool("inCluster") ?? false
        let kubeconfig = file(f, "kubeconfig")
        if inCluster, f.has("kubeconfig") {
            reader.report(f.mark(of: "inCluster"), "\(context) has both kubeconfig and inCluster: true; keep one")
        } else if !inCluster, !f.has("kubeconfig") {
            reader.report(
                node.start,
                "\(context) needs 'kubeconfig' (a kubeconfig file, optionally with 'context') or 'inCluster: true'")
        }
        if f.has("context"), !f.has("kubeconfig") {
            reader.report(f.mark(of: "context"), "\(context) has a context but no kubeconfig")
        }
        return Config.Cluster(
            name: name, kubeconfig: kubeconfig, context: f.string("context"), inCluster: inCluster,
            qps: f.int("qps", in: 0...100_000), burst: f.int("burst", in: 1...100_000), timeout: f.duration("timeout"),
            mark: node.start)
    }

    private func application(_ node: Node, index: Int) -> Config.ApplicationEntry? {
        let isGenerator = node["directories"] != nil
        let allowed = (isGenerator ? ["directories"] : ["name", "path"]) + Config.settingKeys
        let label = isGenerator ? "applications[\(index)] (directories)" : "applications[\(index)]"
        if isGenerator, let nameKey = node.pair("name") ?? node.pair("path") {
            reader.report(
                nameKey.key.start,
                "applications[\(index)] has 'directories' and '\(nameKey.key.scalar ?? "")': a directory entry names its applications after the directories; split it into two entries"
            )
        }
        guard var f = reader.fields(node, of: label, allowed: allowed) else { return nil }
        let name = isGenerator ? nil : f.string("name", required: true)
        if let name {
            checkLabel(name, at: f.node["name"]!.start, "application name")
            f = ConfigFields(node: node, context: "application '\(name)'", reader: reader)
        }
        let context = f.context
        guard let settings = settings(f, context: context) else { return nil }
        if isGenerator {
            guard let pattern = f.string("directories", required: true) else { return nil }
            guard let clean = repositoryPath(pattern, at: f.node["directories"]!.start, key: "directories") else {
                return nil
            }
            return .directories(pattern: clean, settings)
        }
        guard let pathText = f.string("path", required: true), let name else { return nil }
        guard let path = repositoryPath(pathText, at: f.node["path"]!.start, key: "path") else { return nil }
        if path.contains("*") || path.contains("?") {
            reader.report(
                f.node["path"]!.start,
                "'path' of \(context) has a wildcard; use 'directories:' for one application per directory")
        }
        return .single(name: name, path: path, settings)
    }

    private func settings(_ f: ConfigFields, context: String) -> Config.ApplicationSettings? {
        let cluster = f.string("cluster", required: true)
        var s = Config.ApplicationSettings(
            cluster: cluster ?? "", mark: f.node.start, clusterMark: f.node["cluster"]?.start ?? f.node.start)
        s.namespace = f.string("namespace")
        if let ns = s.namespace { checkLabel(ns, at: f.node["namespace"]!.start, "namespace") }
        s.prune = f.bool("prune") ?? s.prune
        s.pruneNamespaces = f.bool("pruneNamespaces") ?? false
        s.prunePersistentVolumeClaims = f.bool("prunePersistentVolumeClaims") ?? false
        s.pruneCustomResourceDefinitions = f.bool("pruneCustomResourceDefinitions") ?? false
        s.historyLimit = f.int("historyLimit", in: 1...1000) ?? s.historyLimit
        s.healthTimeout = f.duration("healthTimeout")
        s.allowedNamespaces = f.strings("allowedNamespaces") ?? []
        if let node = f.node["allowedNamespaces"] {
            for ns in s.allowedNamespaces where ns != "*" { checkLabel(ns, at: node.start, "allowedNamespaces item") }
        }
        return cluster == nil ? nil : s
    }

    private func checkReferences(_ entries: [Config.ApplicationEntry], clusters: [Config.Cluster]) {
        let names = clusters.map(\.name)
        var seen: [String: Mark] = [:]
        for entry in entries {
            let settings = entry.settings
            if !names.isEmpty, !names.contains(settings.cluster) {
                reader.report(
                    settings.clusterMark,
                    "unknown cluster '\(settings.cluster)'\(ConfigSuggestion.hint(for: settings.cluster, in: names))"
                        + " (clusters: \(names.joined(separator: ", ")))")
            }
            if case .single(let name, _, _) = entry {
                if let first = seen[name] {
                    reader.report(settings.mark, "application '\(name)' is defined twice (first at line \(first.line))")
                }
                seen[name] = seen[name] ?? settings.mark
            }
        }
    }

    /// A repository-relative path: no leading `/`, no `..`, no trailing `/`.
    private func repositoryPath(_ text: String, at mark: Mark, key: String) -> String? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if text.hasPrefix("/") || parts.contains("..") || parts.isEmpty {
            reader.report(
                mark, "'\(key)' must be a directory inside the repository (relative, without '..'): '\(text)'")
            return nil
        }
        return parts.joined(separator: "/")
    }

    /// A file path value, made absolute against the config file's directory.
    private func file(_ f: ConfigFields, _ key: String) -> String? {
        guard let text = f.string(key) else { return nil }
        if text.hasPrefix("/") { return text }
        if text.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            return home + text.dropFirst()
        }
        return baseDirectory == "." ? text : "\(baseDirectory)/\(text)"
    }

    private func checkLabel(_ name: String, at mark: Mark, _ what: String) {
        if !Config.isLabel(name) {
            reader.report(
                mark,
                "\(what) '\(name)' is not a valid Kubernetes name (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)"
            )
        }
    }
}

extension Config {
    /// An RFC 1123 label: what namespaces, application names (used in label values and
    /// ConfigMap names) and cluster names must be.
    static func isLabel(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard !bytes.isEmpty, bytes.count <= 63 else { return false }
        func alnum(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }
        guard alnum(bytes.first!), alnum(bytes.last!) else { return false }
        return bytes.allSatisfy { alnum($0) || $0 == 45 }
    }
}
