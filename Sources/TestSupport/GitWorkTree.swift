import Foundation

/// A scratch git repository with a work tree, driven by the `git` command line, for building
/// fixtures: write files, stage, commit, tag, push.
///
/// ```swift
/// let dir = try TemporaryDirectory()
/// let repo = try GitWorkTree(at: dir.path("src"))
/// try repo.write("apps/web.yaml", "kind: Service\n")
/// let sha = try repo.commitAll("add web")
/// ```
///
/// Commits use a fixed author (`Test Author <author@example.org>`) and committer
/// (`Test Committer <committer@example.org>`); commit times are real.
public struct GitWorkTree: Sendable {
    /// The work tree's root directory.
    public let root: String

    /// Environment for every git call: no user or system config, fixed identities.
    public static let environment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_AUTHOR_NAME"] = "Test Author"
        env["GIT_AUTHOR_EMAIL"] = "author@example.org"
        env["GIT_COMMITTER_NAME"] = "Test Committer"
        env["GIT_COMMITTER_EMAIL"] = "committer@example.org"
        env["GIT_TERMINAL_PROMPT"] = "0"
        return env
    }()

    /// Creates `root` (if needed) and runs `git init -b <branch>` in it.
    public init(at root: String, branch: String = "main") throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try git("init", "-q", "-b", branch)
    }

    /// Runs `git <arguments>` in the work tree and returns its standard output, trimmed.
    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try git(arguments)
    }

    /// Runs `git <arguments>` in the work tree and returns its standard output, trimmed.
    @discardableResult
    public func git(_ arguments: [String]) throws -> String {
        let result = try ProcessRunner.check(
            "git", ["-C", root] + arguments, environment: Self.environment, timeout: .seconds(120))
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes `contents` to `relative` in the work tree (parents created); does not stage it.
    public func write(_ relative: String, _ contents: String) throws {
        let full = "\(root)/\(relative)"
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: full, atomically: false, encoding: .utf8)
    }

    /// Stages everything (`git add -A`) and commits it; returns the new commit's full SHA.
    @discardableResult
    public func commitAll(_ message: String) throws -> String {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
        return try git("rev-parse", "HEAD")
    }

    /// Creates a bare clone of this repository at `path` (e.g. inside a server's base directory)
    /// and adds it as remote `origin`.
    public func publish(to path: String) throws {
        try ProcessRunner.check(
            "git", ["clone", "-q", "--bare", root, path], environment: Self.environment)
        // Serve-side settings the fixtures need: dumb-HTTP info, and fetching any commit by SHA.
        try ProcessRunner.check(
            "git", ["-C", path, "config", "uploadpack.allowAnySHA1InWant", "true"], environment: Self.environment)
        try git("remote", "add", "origin", path)
    }

    /// `git push --force origin <refspecs>` (all branches and tags when none are given).
    public func push(_ refspecs: String...) throws {
        if refspecs.isEmpty {
            try git("push", "-q", "--force", "--all", "origin")
            try git("push", "-q", "--force", "--tags", "origin")
        } else {
            try git(["push", "-q", "--force", "origin"] + refspecs)
        }
    }
}
