import Foundation
import Testing

@testable import GitOpsAgent

/// A valid config to start from; each error case edits one thing.
private let validConfig = """
    repository:
      url: git://127.0.0.1:9418/manifests.git
      branch: main
      interval: 30s
    historyNamespace: gitops-agent
    clusters:
      - name: frontend
        kubeconfig: frontend.kubeconfig
        context: frontend
      - name: backend
        inCluster: true
    applications:
      - name: frontend
        path: kubernetes/cmsweb/frontend
        cluster: frontend
        namespace: frontend
        prune: true
      - directories: kubernetes/cmsweb/services/*
        cluster: backend

    """

private func parse(_ text: String) throws(ConfigError) -> Config {
    try Config.parse(bytes: Array(text.utf8), path: "gitops-agent.yaml", baseDirectory: "/etc/gitops")
}

@Suite struct ConfigTests {
    @Test func theDesignExampleReadsWithDefaultsAndAbsolutePaths() throws {
        let config = try parse(validConfig)
        #expect(config.repository.url == "git://127.0.0.1:9418/manifests.git")
        #expect(config.repository.interval == .seconds(30))
        #expect(config.historyNamespace == "gitops-agent")
        #expect(config.clusters.map(\.name) == ["frontend", "backend"])
        #expect(config.clusters[0].kubeconfig == "/etc/gitops/frontend.kubeconfig")
        #expect(config.clusters[0].context == "frontend")
        #expect(config.clusters[1].inCluster)
        guard case .single(let name, let path, let settings) = config.applications[0] else {
            Issue.record("first entry should be a single application")
            return
        }
        #expect(name == "frontend")
        #expect(path == "kubernetes/cmsweb/frontend")
        #expect(settings.historyLimit == 10)
        #expect(settings.prune)
        guard case .directories(let pattern, let generated) = config.applications[1] else {
            Issue.record("second entry should be a directory generator")
            return
        }
        #expect(pattern == "kubernetes/cmsweb/services/*")
        #expect(generated.cluster == "backend")
    }

    @Test func directoriesBecomeOneApplicationEachNamedAfterTheDirectory() throws {
        let config = try parse(validConfig)
        let apps = try config.resolveApplications(files: [
            "kubernetes/cmsweb/frontend/deployment.yaml",
            "kubernetes/cmsweb/services/dbs/deployment.yaml",
            "kubernetes/cmsweb/services/dbs/config/extra.yaml",
            "kubernetes/cmsweb/services/reqmgr/service.yaml",
            "kubernetes/cmsweb/services/README.md",
            "kubernetes/other/x.yaml",
        ])
        #expect(apps.map(\.name) == ["frontend", "dbs", "reqmgr"])
        #expect(
            apps.map(\.path) == [
                "kubernetes/cmsweb/frontend", "kubernetes/cmsweb/services/dbs", "kubernetes/cmsweb/services/reqmgr",
            ])
        #expect(apps.map(\.namespace) == ["frontend", "dbs", "reqmgr"])
        #expect(apps.map(\.settings.cluster) == ["frontend", "backend", "backend"])
    }

    @Test func aGeneratedNameThatClashesWithAWrittenOneIsAnError() throws {
        let config = try parse(
            validConfig.replacingOccurrences(of: "name: frontend\n    path", with: "name: dbs\n    path"))
        #expect(throws: ConfigError.self) {
            try config.resolveApplications(files: ["kubernetes/cmsweb/services/dbs/a.yaml"])
        }
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        var description: String
        var replace: String
        var with: String
        /// `line:col: text` expected among the problems.
        var expected: String
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(
            description: "unknown top-level key with suggestion", replace: "historyNamespace:",
            with: "historyNamspace:",
            expected: "5:1: unknown key 'historyNamspace' in the config file; did you mean 'historyNamespace'?"),
        ErrorCase(
            description: "unknown repository key", replace: "  branch: main", with: "  brnch: main",
            expected: "3:3: unknown key 'brnch' in repository; did you mean 'branch'?"),
        ErrorCase(
            description: "unknown application key", replace: "    prune: true", with: "    prun: true",
            expected: "17:5: unknown key 'prun' in applications[0]; did you mean 'prune'?"),
        ErrorCase(
            description: "missing url", replace: "  url: git://127.0.0.1:9418/manifests.git\n", with: "",
            expected: "2:3: repository needs the key 'url'"),
        ErrorCase(
            description: "interval not a duration", replace: "interval: 30s", with: "interval: soon",
            expected: "4:13: 'interval' in repository must be a duration"),
        ErrorCase(
            description: "prune not a boolean", replace: "prune: true", with: "prune: maybe",
            expected: "17:12: 'prune' in application 'frontend' must be true or false, not 'maybe'"),
        ErrorCase(
            description: "historyLimit not a number", replace: "    prune: true", with: "    historyLimit: ten",
            expected: "17:19: 'historyLimit' in application 'frontend' must be a whole number"),
        ErrorCase(
            description: "clusters not a list",
            replace:
                "clusters:\n  - name: frontend\n    kubeconfig: frontend.kubeconfig\n    context: frontend\n  - name: backend\n    inCluster: true\n",
            with: "clusters: frontend\n", expected: "6:11: 'clusters' in the config file must be a list"),
        ErrorCase(
            description: "unknown cluster with suggestion", replace: "cluster: backend", with: "cluster: backnd",
            expected: "19:14: unknown cluster 'backnd'; did you mean 'backend'?"),
        ErrorCase(
            description: "cluster without kubeconfig or inCluster", replace: "    inCluster: true\n", with: "",
            expected: "10:5: cluster 'backend' needs 'kubeconfig'"),
        ErrorCase(
            description: "cluster with both kubeconfig and inCluster", replace: "    inCluster: true",
            with: "    inCluster: true\n    kubeconfig: b.kubeconfig",
            expected: "11:5: cluster 'backend' has both kubeconfig and inCluster: true"),
        ErrorCase(
            description: "application without path", replace: "    path: kubernetes/cmsweb/frontend\n", with: "",
            expected: "13:5: application 'frontend' needs the key 'path'"),
        ErrorCase(
            description: "path escaping the repository", replace: "path: kubernetes/cmsweb/frontend",
            with: "path: ../secrets", expected: "14:11: 'path' must be a directory inside the repository"),
        ErrorCase(
            description: "directories entry with a name", replace: "  - directories: kubernetes/cmsweb/services/*",
            with: "  - directories: kubernetes/cmsweb/services/*\n    name: services",
            expected: "19:5: applications[1] has 'directories' and 'name'"),
        ErrorCase(
            description: "invalid namespace", replace: "namespace: frontend", with: "namespace: Front_End",
            expected: "16:16: namespace 'Front_End' is not a valid Kubernetes name"),
        ErrorCase(
            description: "duplicate cluster name", replace: "  - name: backend", with: "  - name: frontend",
            expected: "10:5: cluster 'frontend' is defined twice (first at line 7)"),
        ErrorCase(
            description: "duplicate key", replace: "  branch: main", with: "  branch: main\n  branch: dev",
            expected: "4:3: duplicate key 'branch' in repository (first at line 3)"),
        ErrorCase(
            description: "ssh key without known hosts", replace: "  interval: 30s",
            with: "  interval: 30s\n  sshKeyFile: id_ed25519",
            expected: "5:3: repository has sshKeyFile but no knownHostsFile"),
        ErrorCase(
            description: "boolean where a string belongs", replace: "branch: main", with: "branch: yes",
            expected: "3:11: 'branch' in repository must be a string, not the boolean yes"),
        ErrorCase(
            description: "YAML syntax error", replace: "  branch: main", with: "  branch: [main",
            expected: "gitops-agent.yaml:4:"),
        ErrorCase(
            description: "empty applications", replace: "applications:\n", with: "applications: []\nunused:\n",
            expected: "12:1: 'applications' is empty"),
    ]

    @Test(arguments: errorCases) func errorsNameTheirPosition(_ c: ErrorCase) {
        let text = validConfig.replacingOccurrences(of: c.replace, with: c.with)
        #expect(text != validConfig, "the case's replace text must occur in the valid config")
        do {
            _ = try parse(text)
            Issue.record("expected a config error containing \(c.expected)")
        } catch {
            #expect(error.description.contains(c.expected), "got: \(error.description)")
            #expect(error.description.hasPrefix("gitops-agent.yaml:"), "got: \(error.description)")
        }
    }

    @Test func everyProblemIsReportedAtOnce() {
        let text =
            validConfig
            .replacingOccurrences(of: "branch: main", with: "brnch: main")
            .replacingOccurrences(of: "cluster: backend", with: "cluster: nowhere")
        #expect {
            try parse(text)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.problems.count == 2
        }
    }

    @Test(arguments: [
        ("30s", Duration.seconds(30)), ("5m", .seconds(300)), ("1h30m", .seconds(5400)), ("500ms", .milliseconds(500)),
        ("45", .seconds(45)),
    ])
    func durationsRead(_ text: String, _ expected: Duration) {
        #expect(ConfigDuration.parse(text) == expected)
    }
}
