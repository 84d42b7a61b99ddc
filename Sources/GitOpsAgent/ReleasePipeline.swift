import Lint
import Manifests
import Rollout

/// The release path of every application — a straight pipeline, one method per step:
/// snapshot the branch head → resolve applications → lint gate → desired objects → rollout
/// (plan, apply, prune, health, record) on the application's cluster.
struct ReleasePipeline: Sendable {
    let config: Config
    let source: any RepositorySource
    let connector: any ClusterConnector
    let lint: LintGate
    var loader = ManifestLoader()
    /// Applications processed at the same time.
    var concurrency = 4

    // MARK: steps

    /// Step 1: the branch head.
    func snapshot() async throws -> RepositoryHead {
        try await source.head()
    }

    /// Step 2: the applications at this head (`directories:` globs meet its directories).
    func applications(at head: RepositoryHead, only name: String?) throws -> [ResolvedApplication] {
        let all = try config.resolveApplications(files: head.files)
        guard let name else { return all }
        guard let app = all.first(where: { $0.name == name }) else {
            throw AgentError(
                .manifests, application: name,
                "no such application at \(head.commit.shortSHA)\(ConfigSuggestion.hint(for: name, in: all.map(\.name)))"
                    + " (applications: \(all.map(\.name).joined(separator: ", ")))")
        }
        return [app]
    }

    /// Step 3: lint errors in the application's files; any of them blocks the release.
    func lintErrors(of app: ResolvedApplication, at head: RepositoryHead) throws -> [Finding] {
        let prefix = app.path + "/"
        // Lint configurations above the application's directory apply to it as well.
        let parts = app.path.split(separator: "/")
        let configs = (0...parts.count - 1).map { n in
            (parts.prefix(n).map { $0 + "/" }.joined()) + LintGate.configFileName
        }
        let paths = head.files.filter {
            ($0.hasPrefix(prefix) && ManifestLoader.isManifest($0)) || configs.contains($0)
        }
        let files = try paths.map { path in LintGate.File(path: path, contents: try head.read(path)) }
        return lint.findings(in: files).filter { $0.level == .error }.sorted(by: Finding.ordered)
    }

    /// Step 4: the objects git wants for the application.
    func desiredObjects(of app: ResolvedApplication, at head: RepositoryHead) async throws -> [Value] {
        let loader = loader
        return try await BlockingWork.run("gitops-manifests") {
            try loader.objects(application: app.name, directory: app.path, files: head.files, read: head.read)
        }
    }

    /// Step 5: the executor for the application's cluster, with its history settings.
    func executor(for app: ResolvedApplication) async throws -> RolloutExecutor {
        guard let cluster = config.cluster(named: app.settings.cluster) else {
            throw AgentError(.cluster, application: app.name, "unknown cluster '\(app.settings.cluster)'")
        }
        let client: any ClusterClient
        do {
            client = try await connector.client(for: cluster)
        } catch {
            throw AgentError(.cluster, application: app.name, "cluster '\(cluster.name)': \(error)")
        }
        let options = RolloutOptions(
            historyNamespace: config.historyNamespace, historyLimit: app.settings.historyLimit,
            pollInterval: config.healthPollInterval, healthTimeout: app.settings.healthTimeout ?? config.healthTimeout,
            waitForHealth: config.waitForHealth)
        return RolloutExecutor(client: client, options: options)
    }

    // MARK: commands

    /// `sync --once`: every application through every step; `dryRun` stops at the plan.
    func sync(only name: String? = nil, dryRun: Bool = false) async throws -> [AppReport] {
        let head = try await snapshot()
        let apps = try applications(at: head, only: name)
        return await forEach(apps) { app in
            await syncOne(app, at: head, dryRun: dryRun)
        }
    }

    /// `diff`: the plan of every application, no writes.
    func diff(only name: String? = nil) async throws -> [AppReport] {
        let head = try await snapshot()
        let apps = try applications(at: head, only: name)
        return await forEach(apps) { app in
            await diffOne(app, at: head)
        }
    }

    /// The release history of one application, from its cluster.
    /// An application written out in the config needs no fetch; a generated one does.
    func history(of name: String) async throws -> [Release] {
        let app: ResolvedApplication
        if case .single(_, let path, let settings)? = config.applications.first(where: {
            if case .single(name, _, _) = $0 { return true }
            return false
        }) {
            app = ResolvedApplication(name: name, path: path, namespace: settings.namespace ?? name, settings: settings)
        } else {
            app = try applications(at: try await snapshot(), only: name)[0]
        }
        return try await executor(for: app).history(of: app.name).releases
    }

    private func syncOne(_ app: ResolvedApplication, at head: RepositoryHead, dryRun: Bool) async -> AppReport {
        do {
            let executor = try await executor(for: app)
            let findings = try lintErrors(of: app, at: head)
            if !findings.isEmpty {
                if dryRun { return SyncOutput.blockedDryRun(app.name, findings: findings) }
                let count = findings.count == 1 ? "1 lint error" : "\(findings.count) lint errors"
                let message = "not applied: \(count): " + findings.map(\.summary).joined(separator: "; ")
                let release = try await executor.record(
                    app.name, commit: head.commit, result: .blocked, message: message)
                return SyncOutput.blocked(app.name, findings: findings, release: release)
            }
            let objects = try await desiredObjects(of: app, at: head)
            let application = rolloutApplication(app)
            if dryRun {
                return SyncOutput.dryRun(try await executor.plan(application, objects: objects), commit: head.commit)
            }
            return SyncOutput.report(try await executor.sync(application, objects: objects, commit: head.commit))
        } catch {
            return .error(app.name, error)
        }
    }

    private func diffOne(_ app: ResolvedApplication, at head: RepositoryHead) async -> AppReport {
        do {
            let executor = try await executor(for: app)
            let findings = try lintErrors(of: app, at: head)
            if !findings.isEmpty { return SyncOutput.blockedDryRun(app.name, findings: findings) }
            let objects = try await desiredObjects(of: app, at: head)
            return DiffOutput.report(try await executor.plan(rolloutApplication(app), objects: objects))
        } catch {
            return .error(app.name, error)
        }
    }

    func rolloutApplication(_ app: ResolvedApplication) -> Application {
        let s = app.settings
        return Application(
            name: app.name, namespace: app.namespace, allowedNamespaces: Set(s.allowedNamespaces),
            prune: PrunePolicy(
                enabled: s.prune, namespaces: s.pruneNamespaces, persistentVolumeClaims: s.prunePersistentVolumeClaims,
                customResourceDefinitions: s.pruneCustomResourceDefinitions))
    }

    /// Runs `body` for every application, at most `concurrency` at a time; results in input order.
    private func forEach(
        _ apps: [ResolvedApplication], _ body: @escaping @Sendable (ResolvedApplication) async -> AppReport
    ) async -> [AppReport] {
        await withTaskGroup(of: (Int, AppReport).self) { group in
            var results = [AppReport?](repeating: nil, count: apps.count)
            var next = 0
            func start() {
                let index = next
                next += 1
                group.addTask { (index, await body(apps[index])) }
            }
            while next < min(concurrency, apps.count) { start() }
            for await (index, report) in group {
                results[index] = report
                if next < apps.count { start() }
            }
            return results.compactMap { $0 }
        }
    }
}
