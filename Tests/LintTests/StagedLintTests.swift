import Foundation
import TestSupport
import Testing

/// `lint --staged`, `hook install` and the pre-commit framework, in real git repositories.
@Suite struct StagedLintTests {
    static let good = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: \"1\"\n"
    static let bad = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  name: api\n"

    @Test func stagedContentNotWorkingTree() throws {
        let dir = try TemporaryDirectory(prefix: "lint-staged")
        let repo = try GitWorkTree(at: dir.path("repo"))
        try repo.write("apps/web.yaml", Self.good)
        try repo.write("README.md", "not yaml\n")
        _ = try repo.commitAll("initial")

        // Staged good content, broken working tree: the commit would be fine.
        try repo.write("apps/web.yaml", Self.good.replacingOccurrences(of: "\"1\"", with: "\"2\""))
        try repo.git("add", "apps/web.yaml")
        try repo.write("apps/web.yaml", Self.bad)
        var result = try AgentBinary.run(["lint", "--staged"], in: repo.root, environment: GitWorkTree.environment)
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")

        // Staged broken content, fixed working tree: the commit must be refused.
        try repo.git("add", "apps/web.yaml")
        try repo.write("apps/web.yaml", Self.good)
        try repo.write("apps/new.yml", "a: 1\na: 2\n")
        try repo.git("add", "apps/new.yml")
        result = try AgentBinary.run(
            ["lint", "--staged"], in: dir.path("repo/apps"), environment: GitWorkTree.environment)
        #expect(result.status == 1)
        let lines = result.stdoutText.split(separator: "\n").filter { !$0.hasPrefix("    ") }
        #expect(lines.first?.hasPrefix("apps/new.yml:2:1: error: duplication of key \"a\"") == true)
        #expect(lines.contains { $0.hasPrefix("apps/web.yaml:5:3: error: duplication of key \"name\"") })

        // Nothing staged: nothing to say.
        try repo.git("reset", "-q")
        result = try AgentBinary.run(["lint", "--staged"], in: repo.root, environment: GitWorkTree.environment)
        #expect(result.status == 0)
        #expect(result.stdoutText.isEmpty)
    }

    @Test func stagedOutsideARepositoryIsAnError() throws {
        let dir = try TemporaryDirectory(prefix: "lint-norepo")
        let result = try AgentBinary.run(
            ["lint", "--staged"], in: dir.root,
            environment: ["GIT_CEILING_DIRECTORIES": dir.root, "PATH": "/usr/bin:/bin"])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("--staged"))
    }

    @Test func hookInstallIsIdempotentAndBlocksBadCommits() throws {
        let dir = try TemporaryDirectory(prefix: "lint-hook")
        let repo = try GitWorkTree(at: dir.path("repo"))
        let env = GitWorkTree.environment
        var result = try AgentBinary.run(["hook", "install"], in: repo.root, environment: env)
        #expect(result.status == 0, "\(result.stderrText)")
        let hook = repo.root + "/.git/hooks/pre-commit"
        let script = try String(contentsOfFile: hook, encoding: .utf8)
        #expect(script.contains("lint --staged"))
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        result = try AgentBinary.run(["hook", "install"], in: repo.root, environment: env)
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("already installed"))

        try repo.write("cm.yaml", Self.bad)
        try repo.git("add", "cm.yaml")
        let refused = try ProcessRunner.run(
            "git", ["-C", repo.root, "commit", "-q", "-m", "bad"], environment: env, timeout: .seconds(60))
        #expect(refused.status != 0)
        #expect((refused.stdoutText + refused.stderrText).contains("duplication of key \"name\""))
        try repo.write("cm.yaml", Self.good)
        try repo.git("add", "cm.yaml")
        try repo.git("commit", "-q", "-m", "good")
        #expect(try repo.git("log", "--oneline").split(separator: "\n").count == 1)
    }

    @Test func hookInstallInALinkedWorktreeUsesTheSharedHooks() throws {
        let dir = try TemporaryDirectory(prefix: "lint-hook-worktree")
        let repo = try GitWorkTree(at: dir.path("repo"))
        try repo.write("a.yaml", "a: 1\n")
        _ = try repo.commitAll("initial")
        try repo.git("worktree", "add", "-q", dir.path("linked"), "-b", "side")
        let result = try AgentBinary.run(
            ["hook", "install"], in: dir.path("linked"), environment: GitWorkTree.environment)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(FileManager.default.isExecutableFile(atPath: repo.root + "/.git/hooks/pre-commit"))
    }

    @Test func hookInstallKeepsAForeignHookUnlessForced() throws {
        let dir = try TemporaryDirectory(prefix: "lint-hook-foreign")
        let repo = try GitWorkTree(at: dir.path("repo"))
        let hook = repo.root + "/.git/hooks/pre-commit"
        try FileManager.default.createDirectory(atPath: repo.root + "/.git/hooks", withIntermediateDirectories: true)
        try "#!/bin/sh\necho mine\n".write(toFile: hook, atomically: true, encoding: .utf8)
        var result = try AgentBinary.run(["hook", "install"], in: repo.root, environment: GitWorkTree.environment)
        #expect(result.status == 2)
        #expect(result.stderrText.contains("--force"))
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == "#!/bin/sh\necho mine\n")
        result = try AgentBinary.run(
            ["hook", "install", "--force"], in: repo.root, environment: GitWorkTree.environment)
        #expect(result.status == 0)
        #expect(try String(contentsOfFile: hook + ".bak", encoding: .utf8) == "#!/bin/sh\necho mine\n")
        #expect(try String(contentsOfFile: hook, encoding: .utf8).contains("gitops-agent pre-commit hook"))
    }

    /// The real pre-commit framework with this repository's `.pre-commit-hooks.yaml`, cloned
    /// from a local path (no network), the binary on PATH, HOME and PRE_COMMIT_HOME in temp dirs.
    @Test func preCommitFrameworkRunsTheHook() throws {
        let dir = try TemporaryDirectory(prefix: "lint-precommit")
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let hooks = try GitWorkTree(at: dir.path("hooks"))
        try hooks.write(
            ".pre-commit-hooks.yaml",
            try String(contentsOfFile: packageRoot + "/.pre-commit-hooks.yaml", encoding: .utf8))
        let rev = try hooks.commitAll("hooks")

        let repo = try GitWorkTree(at: dir.path("repo"))
        try repo.write(
            ".pre-commit-config.yaml",
            "repos:\n  - repo: \(hooks.root)\n    rev: \(rev)\n    hooks:\n      - id: gitops-lint\n")
        try repo.write("apps/web.yaml", Self.good)
        try repo.write("notes.txt", "a: 1\na: 2\n")
        _ = try repo.commitAll("initial")

        var env = GitWorkTree.environment
        env["HOME"] = dir.path("home")
        env["PRE_COMMIT_HOME"] = dir.path("pre-commit-cache")
        env["PATH"] =
            URL(fileURLWithPath: AgentBinary.path).deletingLastPathComponent().path + ":"
            + (env["PATH"] ?? "/usr/bin:/bin")
        func preCommit(_ arguments: [String]) throws -> ProcessResult {
            try ProcessRunner.run(
                "pre-commit", arguments, environment: env, currentDirectory: repo.root, timeout: .seconds(150))
        }

        var result = try preCommit(["run", "--all-files"])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")

        // Staged content is bad, the working tree is good: pre-commit stashes the unstaged fix
        // and the hook sees the staged file.
        try repo.write("apps/web.yaml", Self.bad)
        try repo.git("add", "apps/web.yaml")
        try repo.write("apps/web.yaml", Self.good)
        result = try preCommit(["run"])
        #expect(result.status == 1, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.contains("apps/web.yaml:5:3: error: duplication of key \"name\""))
        #expect(try String(contentsOfFile: repo.root + "/apps/web.yaml", encoding: .utf8) == Self.good)
    }
}
