internal import CSpawn

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished child process left: its exit status and its captured output.
public struct SpawnResult: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended it.
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// Whether the timeout ran out and the process was killed.
    public var timedOut: Bool

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Starting a child process failed (the program was never run).
public struct SpawnError: Error, Sendable, CustomStringConvertible {
    public var executable: String
    public var message: String
    public var description: String { "cannot run \(executable): \(message)" }
}

/// Runs child processes with `posix_spawn`, without Foundation's `Process`: its `run()` reads
/// past a buffer while listing `/proc/self/fd` and crashes now and then in processes with many
/// open descriptors (swift-corelibs-foundation, fixed upstream after 6.3.1).
///
/// ```swift
/// let r = try Spawn.run("/usr/bin/kubectl", ["kustomize", dir], timeout: .seconds(60))
/// if r.status != 0 { print(r.stderrText) }
/// ```
///
/// The call blocks its thread until the child ends: call it from a dedicated thread, never
/// from Swift's cooperative pool.
public enum Spawn {
    /// Runs `executable` (an absolute path, or a name looked up in `PATH`) to completion.
    ///
    /// - Parameters:
    ///   - environment: the child's whole environment; nil passes this process's on.
    ///   - currentDirectory: the child's working directory; nil keeps this process's.
    ///   - input: bytes written to the child's standard input, which is then closed
    ///     (nil: standard input is `/dev/null`).
    ///   - timeout: after this the child gets SIGTERM, and SIGKILL two seconds later.
    /// - Throws: `SpawnError` when the program cannot be started.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: String? = nil, input: [UInt8]? = nil, timeout: Duration? = nil
    ) throws(SpawnError) -> SpawnResult {
        guard let path = resolve(executable, environment: environment) else {
            throw SpawnError(executable: executable, message: "not found in PATH")
        }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        var inPipe: [Int32] = [-1, -1]
        guard gitops_pipe_cloexec(&outPipe) == 0, gitops_pipe_cloexec(&errPipe) == 0,
            input == nil || gitops_pipe_cloexec(&inPipe) == 0
        else {
            let message = String(cString: strerror(errno))
            for fd in outPipe + errPipe + inPipe where fd >= 0 { close(fd) }
            throw SpawnError(executable: executable, message: "pipe: \(message)")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        // Descriptors of this process (sockets, servers of tests) must not leak into the child.
        gitops_spawn_addclosefrom(&actions, 3)
        if let currentDirectory { gitops_spawn_addchdir(&actions, currentDirectory) }

        var pid: pid_t = 0
        let spawned = launch(path, arguments, environment: environment, actions: &actions, pid: &pid)
        close(outPipe[1])
        close(errPipe[1])
        if input != nil { close(inPipe[0]) }
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            if input != nil { close(inPipe[1]) }
            throw SpawnError(executable: executable, message: String(cString: strerror(spawned)))
        }
        if let input { writeAll(input, to: inPipe[1]) }
        let (stdout, stderr, timedOut) = collect(out: outPipe[0], err: errPipe[0], pid: pid, timeout: timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return SpawnResult(status: exitStatus, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }

    /// Starts `executable` in the background with standard input from `/dev/null` and both
    /// output streams appended to `logFile`; the caller reaps the returned pid (`waitpid`).
    ///
    /// - Throws: `SpawnError` when the program cannot be started.
    public static func startDetached(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, logFile: String
    ) throws(SpawnError) -> pid_t {
        guard let path = resolve(executable, environment: environment) else {
            throw SpawnError(executable: executable, message: "not found in PATH")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        gitops_spawn_addclosefrom(&actions, 3)
        var pid: pid_t = 0
        let spawned = launch(path, arguments, environment: environment, actions: &actions, pid: &pid)
        guard spawned == 0 else {
            throw SpawnError(executable: executable, message: String(cString: strerror(spawned)))
        }
        return pid
    }

    /// `posix_spawn` with every signal unblocked and at its default action in the child,
    /// whatever this process blocks or ignores (SIGPIPE is ignored here), so that SIGTERM stops
    /// it. Returns 0 or the error number.
    private static func launch(
        _ path: String, _ arguments: [String], environment: [String: String]?,
        actions: inout posix_spawn_file_actions_t, pid: inout pid_t
    ) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGCHLD, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        guard let environment else { return posix_spawn(&pid, path, &actions, &attributes, argv, environ) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        return posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    }

    /// The absolute path of `executable`: as given when it holds a `/`, else the first match in
    /// `PATH` (the child's `PATH` when an environment is given).
    public static func resolve(_ executable: String, environment: [String: String]? = nil) -> String? {
        if executable.contains("/") { return executable }
        let searchPath =
            environment?["PATH"] ?? getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(executable)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Writes `bytes` and closes `fd`; a child that exits early (EPIPE) just ends the write.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                offset += n
            }
        }
        close(fd)
    }

    /// Reads both pipes until end-of-file, killing the child when the timeout runs out.
    private static func collect(out: Int32, err: Int32, pid: pid_t, timeout: Duration?)
        -> ([UInt8], [UInt8], Bool)
    {
        var buffers: [[UInt8]] = [[], []]
        var open = [out, err]
        let start = ContinuousClock.now
        var timedOut = false
        var killedAt: ContinuousClock.Instant?
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while open.contains(where: { $0 >= 0 }) {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let waitMs: Int32
            if let timeout {
                let left = timeout - (ContinuousClock.now - start)
                waitMs = killedAt == nil ? Int32(max(0, min(left.milliseconds, 1_000))) : 200
            } else {
                waitMs = 1_000
            }
            let ready = poll(&fds, nfds_t(fds.count), waitMs)
            if ready < 0 && errno != EINTR { break }
            for (i, p) in fds.enumerated() where p.fd >= 0 && p.revents != 0 {
                let n = chunk.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    buffers[i] += chunk[0..<n]
                } else if n == 0 || errno != EINTR {
                    close(p.fd)
                    open[i] = -1
                }
            }
            if let timeout, ContinuousClock.now - start >= timeout {
                if killedAt == nil {
                    timedOut = true
                    kill(pid, SIGTERM)
                    killedAt = .now
                } else if let killedAt, ContinuousClock.now - killedAt >= .seconds(2) {
                    kill(pid, SIGKILL)
                }
            }
        }
        return (buffers[0], buffers[1], timedOut)
    }
}

extension Duration {
    fileprivate var milliseconds: Int {
        Int(components.seconds) * 1_000 + Int(components.attoseconds / 1_000_000_000_000_000)
    }
}
