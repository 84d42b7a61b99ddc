import RepoSync

#if canImport(Glibc)
    import Glibc
#endif

let hookCommand = Command(
    name: "hook", summary: "Install the git pre-commit hook that lints staged YAML.", positionals: "install",
    options: [.flag("force", "replace a pre-commit hook that gitops-agent did not write")],
    details: """
        'hook install' writes .git/hooks/pre-commit to run 'gitops-agent lint --staged'. It is safe
        to run again (it rewrites its own hook); an existing foreign hook is kept unless --force
        is given, in which case it is saved as pre-commit.bak first.
        With the pre-commit framework, use the 'gitops-lint' hook of .pre-commit-hooks.yaml instead.
        """
) { args in
    guard args.positionals == ["install"] else {
        throw UsageError(message: "expected 'hook install'")
    }
    return HookInstaller(force: args.flag("force")).install()
}

/// Writes the pre-commit hook script.
struct HookInstaller {
    static let marker = "# gitops-agent pre-commit hook"
    let force: Bool

    func install() -> Int32 {
        let repository: LocalRepository
        do {
            repository = try LocalRepository(discoveringFrom: FilePaths.currentDirectory())
        } catch {
            printError("hook install: \(error)")
            return 2
        }
        var gitDir = repository.gitDirectory
        while gitDir.hasSuffix("/") { gitDir.removeLast() }
        // A linked worktree's hooks live in the main repository's git directory.
        if let common = FilePaths.read(gitDir + "/commondir") {
            let relative = String(decoding: common, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            if !relative.isEmpty { gitDir = FilePaths.absolute(relative, cwd: gitDir) }
        }
        let hooks = gitDir + "/hooks"
        mkdir(hooks, 0o755)
        let hook = hooks + "/pre-commit"
        let script = HookInstaller.script(executable: HookInstaller.executablePath())
        if let existing = FilePaths.read(hook) {
            let text = String(decoding: existing, as: UTF8.self)
            if text == script {
                print("pre-commit hook already installed at \(hook)")
                return 0
            }
            if !text.contains(HookInstaller.marker) {
                guard force else {
                    printError(
                        "\(hook) exists and was not written by gitops-agent; "
                            + "rerun with --force to replace it (it is saved as pre-commit.bak)")
                    return 2
                }
                guard rename(hook, hook + ".bak") == 0 else {
                    printError("cannot save \(hook) as pre-commit.bak: \(FilePaths.lastError())")
                    return 2
                }
            }
        }
        let fd = open(hook, O_WRONLY | O_CREAT | O_TRUNC, 0o755)
        guard fd >= 0 else {
            printError("cannot write \(hook): \(FilePaths.lastError())")
            return 2
        }
        var bytes = Array(script.utf8)
        let written = write(fd, &bytes, bytes.count)
        fchmod(fd, 0o755)
        close(fd)
        guard written == bytes.count else {
            printError("cannot write \(hook): \(FilePaths.lastError())")
            return 2
        }
        print("installed pre-commit hook at \(hook)")
        return 0
    }

    /// The hook: runs this binary (or `$GITOPS_AGENT`) on the staged files.
    static func script(executable: String) -> String {
        """
        #!/bin/sh
        \(marker) (written by 'gitops-agent hook install'; rerun it to update)
        exec "${GITOPS_AGENT:-\(executable)}" lint --staged

        """
    }

    /// The absolute path of the running binary.
    static func executablePath() -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                readlink("/proc/self/exe", $0, buf.count - 1)
            }
        }
        guard n > 0 else { return "gitops-agent" }
        return String(decoding: buffer[..<n], as: UTF8.self)
    }
}
