import Dispatch
import Lint
import RepoSync

#if canImport(Glibc)
    import Glibc
#endif

let lintCommand = Command(
    name: "lint", summary: "Check YAML files and the Kubernetes objects in them.", positionals: "[PATH…]",
    options: [
        .value("format", "text|json|github", "output format (default text)"),
        .value("kube-version", "X.Y", "Kubernetes release to check against (default: newest known)"),
        .value("config", "FILE", "use this configuration instead of the nearest .gitops-lint.yaml"),
        .flag("strict", "warnings fail too (exit 1)"),
        .flag("staged", "lint the staged content (git index) of added and modified YAML files"),
    ],
    details: """
        PATH is a file or a directory (searched recursively for *.yaml and *.yml, hidden entries
        skipped); the default is the current directory; '-' reads standard input.
        Exit status: 0 no errors (warnings allowed), 1 errors (or warnings with --strict),
        2 usage or I/O error.
        Rules and levels are set in .gitops-lint.yaml, found by walking up from each file;
        '# gitops-lint disable-line RULE' and '# gitops-lint disable RULE' … 'enable RULE'
        switch rules off inline.
        YAML rules (default level): syntax, key-duplicates (error); indentation, tabs,
        trailing-spaces, new-line-at-end-of-file, truthy (warning); line-length,
        document-start, empty-values (off). Kubernetes rules: kubernetes-api-version,
        kubernetes-kind, kubernetes-name, kubernetes-labels, kubernetes-annotations,
        kubernetes-removed-api, kubernetes-schema (error); kubernetes-deprecated-api,
        kubernetes-unknown-kind (warning). Helm templates are skipped; kustomize patches get
        the YAML rules only.
        """
) { args in
    // Reading files blocks: run on a thread of its own, not on the cooperative pool.
    try await BlockingWork.run("gitops-lint") { try LintRun(args).run() }
}

/// One `gitops-agent lint` invocation: collect files, read configurations, lint, print.
struct LintRun {
    let format: FindingFormat
    let kubeVersion: KubernetesVersion?
    let strict: Bool
    let staged: Bool
    let configFile: String?
    let paths: [String]
    let cwd: String

    init(_ args: ParsedArguments) throws(UsageError) {
        let formatName = args.value("format") ?? "text"
        guard let format = FindingFormat(rawValue: formatName) else {
            throw UsageError(message: "--format must be text, json or github, not '\(formatName)'")
        }
        self.format = format
        if let v = args.value("kube-version") {
            guard let version = KubernetesVersion(v) else {
                throw UsageError(message: "--kube-version must look like 1.30, not '\(v)'")
            }
            kubeVersion = version
        } else {
            kubeVersion = nil
        }
        strict = args.flag("strict")
        staged = args.flag("staged")
        configFile = args.value("config")
        paths = args.positionals.isEmpty ? ["."] : args.positionals
        if staged, !args.positionals.isEmpty {
            throw UsageError(message: "--staged lints the git index; it takes no PATH")
        }
        cwd = FilePaths.currentDirectory()
    }

    func run() throws -> Int32 {
        var sources: [LintSource] = []
        var display: [String: String] = [:]
        do {
            if staged {
                try collectStaged(into: &sources, display: &display)
            } else {
                try collect(into: &sources, display: &display)
            }
        } catch let error as LintIOError {
            printError(error.message)
            return 2
        }
        var configs: [String: LintConfig] = [:]
        var fixed: LintConfig?
        do {
            if let configFile {
                let path = FilePaths.absolute(configFile, cwd: cwd)
                guard let bytes = FilePaths.read(path) else {
                    printError("cannot read the configuration \(configFile): \(FilePaths.lastError())")
                    return 2
                }
                var config = try LintConfig.parse(String(decoding: bytes, as: UTF8.self), path: configFile)
                config.directory = cwd
                fixed = config
            } else {
                configs = try ConfigDiscovery.configs(for: sources.map(\.path))
            }
        } catch {
            printError("\(error)\nfix the configuration, or pass --config FILE")
            return 2
        }
        let linter = Linter(config: fixed, kubeVersion: kubeVersion, kubernetes: KubernetesChecker())
        var findings = linter.lint(sources, configs: configs)
        for i in findings.indices {
            if let shown = display[findings[i].file] { findings[i].file = shown }
        }
        findings.sort(by: Finding.ordered)
        let text = format.render(findings)
        if !text.isEmpty { FilePaths.writeStdout(text) }
        let errors = findings.filter { $0.level == .error }.count
        let warnings = findings.filter { $0.level == .warning }.count
        if format == .text, errors + warnings > 0 {
            let s = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            FilePaths.writeStderr("\(s) in \(sources.count) file\(sources.count == 1 ? "" : "s")\n")
        }
        if errors > 0 || (strict && warnings > 0) { return 1 }
        return 0
    }

    private func collectStaged(into sources: inout [LintSource], display: inout [String: String]) throws {
        let repository: LocalRepository
        let files: [StagedFile]
        do {
            repository = try LocalRepository(discoveringFrom: cwd)
            files = try repository.stagedFiles(matching: PathFilter(include: ["*.yaml", "*.yml"]))
        } catch {
            throw LintIOError(message: "--staged: \(error)")
        }
        for file in files {
            let absolute = repository.workTreeRoot + "/" + file.path
            display[absolute] = file.path
            sources.append(LintSource(path: absolute, contents: file.contents, explicit: true))
        }
    }

    private func collect(into sources: inout [LintSource], display: inout [String: String]) throws {
        for path in paths {
            if path == "-" {
                let absolute = cwd + "/<stdin>"
                display[absolute] = "<stdin>"
                sources.append(LintSource(path: absolute, contents: FilePaths.readStdin(), explicit: true))
                continue
            }
            let absolute = FilePaths.absolute(path, cwd: cwd)
            switch FilePaths.kind(absolute) {
            case .missing:
                throw LintIOError(message: "\(path): no such file or directory")
            case .file:
                guard let bytes = FilePaths.read(absolute) else {
                    throw LintIOError(message: "cannot read \(path): \(FilePaths.lastError())")
                }
                display[absolute] = FilePaths.clean(path)
                sources.append(LintSource(path: absolute, contents: bytes, explicit: true))
            case .directory:
                var found = FilePaths.walkInParallel(absolute)
                found.sort()
                let shownRoot = FilePaths.clean(path)
                let contents = FilePaths.readAll(found)
                sources.reserveCapacity(sources.count + found.count)
                for (file, read) in zip(found, contents) {
                    let bytes: [UInt8]
                    switch read {
                    case .success(let b): bytes = b
                    case .failure(let error): throw LintIOError(message: "cannot read \(file): \(error.message)")
                    }
                    let rest = file.utf8.dropFirst(absolute.utf8.count).drop { $0 == UInt8(ascii: "/") }
                    display[file] =
                        shownRoot == "." || shownRoot.isEmpty
                        ? String(Substring(rest)) : shownRoot + "/" + Substring(rest)
                    sources.append(LintSource(path: file, contents: bytes))
                }
            }
        }
    }
}

/// A file or directory that cannot be read: exit status 2.
struct LintIOError: Error {
    var message: String
}

/// `.gitops-lint.yaml` files above the linted files, read from disk.
enum ConfigDiscovery {
    static func configs(for files: [String]) throws(LintError) -> [String: LintConfig] {
        var configs: [String: LintConfig] = [:]
        var checked: Set<String> = []
        for file in files {
            var dir = FilePaths.parent(file)
            while !checked.contains(dir) {
                checked.insert(dir)
                let candidate = dir == "/" ? "/" + LintConfig.fileName : dir + "/" + LintConfig.fileName
                if let bytes = FilePaths.read(candidate) {
                    configs[dir] = try LintConfig.parse(String(decoding: bytes, as: UTF8.self), path: candidate)
                }
                if dir == "/" { break }
                dir = FilePaths.parent(dir)
            }
        }
        return configs
    }
}

/// Minimal POSIX file access for the CLI (no Foundation on this path: `lint --staged` runs in
/// every commit and must start fast).
enum FilePaths {
    enum Kind {
        case missing
        case file
        case directory
    }

    static func currentDirectory() -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let ok = buffer.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { getcwd($0, buf.count) != nil }
        }
        guard ok, let end = buffer.firstIndex(of: 0) else { return "." }
        return String(decoding: buffer[..<end], as: UTF8.self)
    }

    static func lastError() -> String { String(cString: strerror(errno)) }

    static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        return (st.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
    }

    /// `a/./b/../c` relative to `cwd`, made absolute with `.` and `..` folded.
    static func absolute(_ path: String, cwd: String) -> String {
        let joined = path.hasPrefix("/") ? path : cwd + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The path as the user wrote it, without `./` prefixes or a trailing `/`.
    static func clean(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Appends the `.yaml`/`.yml` files under `dir` (hidden entries skipped), plus the
    /// `.gitops-lint.yaml` files, which configure the files beside them.
    static func walk(_ dir: String, into out: inout [String]) {
        var dirs: [String] = []
        list(dir, files: &out, dirs: &dirs)
        for sub in dirs { walk(sub, into: &out) }
    }

    /// The files `walk` finds, in no particular order: the subdirectories are walked on all
    /// cores (reading directories is mostly system call time).
    static func walkInParallel(_ dir: String) -> [String] {
        var out: [String] = []
        var dirs = [dir]
        // Go down level by level until there are directories enough to spread.
        while !dirs.isEmpty, dirs.count < 8 {
            var next: [String] = []
            for d in dirs { list(d, files: &out, dirs: &next) }
            dirs = next
        }
        guard !dirs.isEmpty else { return out }
        let subdirs = dirs
        var found = [[String]](repeating: [], count: subdirs.count)
        found.withUnsafeMutableBufferPointer { buffer in
            let slots = WalkSlots(slots: buffer)
            DispatchQueue.concurrentPerform(iterations: subdirs.count) { i in
                var files: [String] = []
                walk(subdirs[i], into: &files)
                slots.write(i, files)
            }
        }
        for files in found { out += files }
        return out
    }

    /// Lets the workers of `concurrentPerform` fill distinct slots of one buffer.
    private struct WalkSlots: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<[String]>

        /// Each index is written by exactly one worker.
        func write(_ index: Int, _ value: [String]) { slots[index] = value }
    }

    /// The entries of `dir` that `walk` keeps: files into `files`, subdirectories into `dirs`.
    private static func list(_ dir: String, files: inout [String], dirs: inout [String]) {
        guard let handle = opendir(dir) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let path = dir == "/" ? "/" + name : dir + "/" + name
            if name.hasPrefix(".") {
                if name == LintConfig.fileName { files.append(path) }
                continue
            }
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                type = kind(path) == .directory ? UInt8(DT_DIR) : UInt8(DT_REG)
            }
            if type == UInt8(DT_DIR) {
                dirs.append(path)
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                files.append(path)
            }
        }
    }

    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(fd)
    }

    /// Why a file could not be read (`strerror` text, taken on the reading thread).
    struct ReadError: Error {
        var message: String
    }

    /// Reads `paths` on all cores (opening and reading a thousand small files is mostly system
    /// call time); the results are in the order of `paths`.
    static func readAll(_ paths: [String]) -> [Result<[UInt8], ReadError>] {
        var results = [Result<[UInt8], ReadError>](repeating: .success([]), count: paths.count)
        let workers = min(paths.count / 32, 8)
        guard workers > 1 else {
            for i in paths.indices { results[i] = readResult(paths[i]) }
            return results
        }
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = ReadSlots(slots: buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for i in stride(from: worker, to: paths.count, by: workers) { slots.write(i, readResult(paths[i])) }
            }
        }
        return results
    }

    private static func readResult(_ path: String) -> Result<[UInt8], ReadError> {
        guard let bytes = read(path) else { return .failure(ReadError(message: lastError())) }
        return .success(bytes)
    }

    /// Lets the workers of `concurrentPerform` fill distinct slots of one buffer.
    private struct ReadSlots: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Result<[UInt8], ReadError>>

        /// Each index is written by exactly one worker.
        func write(_ index: Int, _ value: Result<[UInt8], ReadError>) { slots[index] = value }
    }

    static func readStdin() -> [UInt8] { readAll(0) ?? [] }

    private static func readAll(_ fd: Int32) -> [UInt8]? {
        // A regular file is read into one buffer of its size (one more byte to see the end).
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size < 1 << 30 {
            let size = Int(info.st_size)
            var failed = false
            var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
                var done = 0
                while done < buffer.count {
                    let n = Glibc.read(fd, buffer.baseAddress! + done, buffer.count - done)
                    if n < 0, errno == EINTR { continue }
                    if n <= 0 {
                        failed = n < 0
                        break
                    }
                    done += n
                }
                count = done
            }
            if failed { return nil }
            // The file grew while being read: read the rest in chunks.
            if bytes.count > size, let rest = readChunks(fd) { bytes += rest } else if bytes.count > size { return nil }
            return bytes
        }
        return readChunks(fd)
    }

    private static func readChunks(_ fd: Int32) -> [UInt8]? {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    static func writeStdout(_ text: String) { write(text, to: 1) }
    static func writeStderr(_ text: String) { write(text, to: 2) }

    private static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buf in
            var offset = 0
            while offset < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 {
                    if n < 0, errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
