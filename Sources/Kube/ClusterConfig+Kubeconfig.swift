import Foundation
import Manifests

extension ClusterConfig {
    /// Reads a kubeconfig the way kubectl does and returns the chosen context's cluster and user.
    ///
    /// - Parameters:
    ///   - path: the kubeconfig file; `nil` means `$KUBECONFIG` (a colon-separated list of files,
    ///     merged: the first file that names a cluster, user or context, or sets
    ///     `current-context`, wins; missing files are skipped), else `~/.kube/config`.
    ///   - context: the context to use; `nil` means the file's `current-context`.
    ///   - environment: where `KUBECONFIG` and `HOME` are read from.
    /// - Throws: `KubeError` with reason `.invalidConfig`, naming the file and entry.
    public static func load(
        kubeconfig path: String? = nil, context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ClusterConfig {
        var files: [String]
        var mustExist = true
        if let path {
            files = [path]
        } else if let list = environment["KUBECONFIG"], !list.isEmpty {
            files = list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
            mustExist = false
        } else {
            files = ["\(environment["HOME"] ?? NSHomeDirectory())/.kube/config"]
        }
        var merged = MergedKubeconfig()
        var read: [String] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                if mustExist || files.count == 1 {
                    throw KubeError(
                        reason: .invalidConfig, message: "cannot read the kubeconfig file \(file)",
                        operation: "load config", object: file)
                }
                continue
            }
            let document = try parseKubeconfig(String(decoding: data, as: UTF8.self), path: file)
            merged.add(document, file: file)
            read.append(file)
        }
        guard !read.isEmpty else {
            throw KubeError(
                reason: .invalidConfig, message: "none of the kubeconfig files exist: \(files.joined(separator: ":"))",
                operation: "load config")
        }
        return try merged.resolve(context: context, files: read.joined(separator: ":"))
    }

    static func parseKubeconfig(_ text: String, path: String) throws -> Value {
        let documents: [Value]
        do {
            documents = try decodeYAMLObjects(text, path: path)
        } catch {
            throw KubeError(
                reason: .invalidConfig, message: "cannot parse the kubeconfig file \(path): \(error)",
                operation: "load config", object: path)
        }
        guard let first = documents.first, case .object = first else {
            if documents.isEmpty { return .object(ObjectValue()) }
            throw KubeError(
                reason: .invalidConfig, message: "the kubeconfig file \(path) is not a mapping",
                operation: "load config", object: path)
        }
        return first
    }
}

/// Named entries of all kubeconfig files, each with the file that defined it (relative paths
/// inside an entry are relative to that file's directory).
private struct MergedKubeconfig {
    struct Entry {
        var body: Value
        var file: String
        var directory: String { (file as NSString).deletingLastPathComponent }
    }

    var clusters: [String: Entry] = [:]
    var users: [String: Entry] = [:]
    var contexts: [String: Entry] = [:]
    var currentContext: String?

    mutating func add(_ document: Value, file: String) {
        func merge(_ key: String, _ field: String, into table: inout [String: Entry]) {
            for item in document[key]?.arrayValue ?? [] {
                guard let name = item["name"]?.stringValue, table[name] == nil else { continue }
                table[name] = Entry(body: item[field] ?? .object(ObjectValue()), file: file)
            }
        }
        merge("clusters", "cluster", into: &clusters)
        merge("users", "user", into: &users)
        merge("contexts", "context", into: &contexts)
        if currentContext == nil, let current = document["current-context"]?.stringValue, !current.isEmpty {
            currentContext = current
        }
    }

    func resolve(context requested: String?, files: String) throws -> ClusterConfig {
        func fail(_ message: String) -> KubeError {
            KubeError(reason: .invalidConfig, message: message, operation: "load config", object: files)
        }
        guard let contextName = requested ?? currentContext else {
            throw fail("no context was given and the kubeconfig sets no current-context; pass a context")
        }
        guard let context = contexts[contextName] else {
            let known = contexts.keys.sorted().joined(separator: ", ")
            throw fail(
                "context \"\(contextName)\" is not in the kubeconfig (contexts: \(known.isEmpty ? "none" : known))")
        }
        guard let clusterName = context.body["cluster"]?.stringValue, let cluster = clusters[clusterName] else {
            throw fail(
                "context \"\(contextName)\" names cluster \"\(context.body["cluster"]?.stringValue ?? "")\","
                    + " which is not in the kubeconfig")
        }
        let origin = "kubeconfig \(files), context \(contextName)"
        let c = cluster.body
        guard let server = c["server"]?.stringValue, !server.isEmpty else {
            throw fail("cluster \"\(clusterName)\" in \(cluster.file) has no server")
        }
        var config = ClusterConfig(server: server, origin: origin)
        if let ns = context.body["namespace"]?.stringValue, !ns.isEmpty { config.namespace = ns }
        config.certificateAuthority = try pem(
            c, data: "certificate-authority-data", file: "certificate-authority", entry: cluster,
            what: "cluster \"\(clusterName)\"")
        config.insecureSkipTLSVerify = c["insecure-skip-tls-verify"]?.boolValue ?? false
        if let name = c["tls-server-name"]?.stringValue, !name.isEmpty { config.tlsServerName = name }
        if let proxy = c["proxy-url"]?.stringValue, !proxy.isEmpty { config.proxyURL = proxy }
        config.disableCompression = c["disable-compression"]?.boolValue ?? false

        guard let userName = context.body["user"]?.stringValue, !userName.isEmpty else { return config }
        guard let user = users[userName] else {
            throw fail("context \"\(contextName)\" names user \"\(userName)\", which is not in the kubeconfig")
        }
        try apply(user: user, named: userName, to: &config)
        return config
    }

    private func apply(user: Entry, named userName: String, to config: inout ClusterConfig) throws {
        let u = user.body
        let what = "user \"\(userName)\" in \(user.file)"
        config.clientCertificate = try pem(
            u, data: "client-certificate-data", file: "client-certificate", entry: user, what: what)
        config.clientKey = try pem(u, data: "client-key-data", file: "client-key", entry: user, what: what)
        if (config.clientCertificate == nil) != (config.clientKey == nil) {
            throw fail(user, "\(what) has a client certificate without a key, or a key without a certificate")
        }
        config.impersonateUser = u["as"]?.stringValue
        config.impersonateGroups = u["as-groups"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let exec = u["exec"], case .object = exec {
            config.credentials = .exec(try execConfig(exec, entry: user, what: what))
        } else if let file = u["tokenFile"]?.stringValue, !file.isEmpty {
            config.credentials = .tokenFile(resolvePath(file, in: user))
        } else if let token = u["token"]?.stringValue, !token.isEmpty {
            config.credentials = .token(token)
        } else if let name = u["username"]?.stringValue, let password = u["password"]?.stringValue {
            config.credentials = .basic(username: name, password: password)
        } else if let provider = u[path: ["auth-provider", "name"]]?.stringValue {
            throw fail(user, "\(what) uses auth-provider \"\(provider)\", which is not supported; use an exec plugin")
        }
    }

    private func execConfig(_ exec: Value, entry: Entry, what: String) throws -> ClusterConfig.ExecConfig {
        guard let command = exec["command"]?.stringValue, !command.isEmpty else {
            throw fail(entry, "\(what): exec has no command")
        }
        let apiVersion = exec["apiVersion"]?.stringValue ?? ""
        guard apiVersion == "client.authentication.k8s.io/v1" || apiVersion == "client.authentication.k8s.io/v1beta1"
        else {
            throw fail(
                entry,
                "\(what): exec apiVersion \"\(apiVersion)\" is not supported; use client.authentication.k8s.io/v1")
        }
        var env: [(name: String, value: String)] = []
        for item in exec["env"]?.arrayValue ?? [] {
            guard let name = item["name"]?.stringValue else { continue }
            env.append((name, item["value"]?.stringValue ?? ""))
        }
        // A command with a slash is a path: relative to the kubeconfig, as kubectl resolves it.
        let resolved = command.contains("/") ? resolvePath(command, in: entry) : command
        return ClusterConfig.ExecConfig(
            command: resolved, args: exec["args"]?.arrayValue?.compactMap(\.stringValue) ?? [], env: env,
            apiVersion: apiVersion, installHint: exec["installHint"]?.stringValue,
            provideClusterInfo: exec["provideClusterInfo"]?.boolValue ?? false)
    }

    private func pem(_ body: Value, data: String, file: String, entry: Entry, what: String) throws
        -> ClusterConfig.PEMSource?
    {
        if let text = body[data]?.stringValue, !text.isEmpty {
            guard let bytes = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
                throw fail(entry, "\(what): \(data) is not valid base64")
            }
            return .data([UInt8](bytes))
        }
        if let path = body[file]?.stringValue, !path.isEmpty {
            let resolved = resolvePath(path, in: entry)
            guard FileManager.default.isReadableFile(atPath: resolved) else {
                throw fail(entry, "\(what): \(file) \(resolved) cannot be read")
            }
            return .file(resolved)
        }
        return nil
    }

    private func resolvePath(_ path: String, in entry: Entry) -> String {
        if path.hasPrefix("/") { return path }
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        if path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst() }
        let directory = entry.directory
        return directory.isEmpty ? String(path) : "\(directory)/\(path)"
    }

    private func fail(_ entry: Entry, _ message: String) -> KubeError {
        KubeError(reason: .invalidConfig, message: message, operation: "load config", object: entry.file)
    }
}
