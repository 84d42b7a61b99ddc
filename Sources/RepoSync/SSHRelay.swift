import Foundation
import Synchronization

/// A loopback TCP relay between libgit2's ssh transport and the real ssh server: the watchdog
/// that enforces the connect timeout and the overall deadline over ssh.
///
/// Why a relay: libssh2 (used by libgit2's ssh transport) waits on its socket without a timeout
/// and ignores libgit2's server timeouts, so a server that accepts and never answers hangs the
/// fetch forever. Killing a thread is not possible and `git_remote_stop` is only looked at
/// between packets. Running each ssh fetch in a child process would work too, but needs an
/// executable to re-exec (the agent binary, not a test runner) and makes every ssh fetch pay a
/// process start. Instead libgit2 connects to this relay on 127.0.0.1, and the relay connects
/// to the server itself (with the connect timeout) and copies bytes both ways. At the deadline
/// it closes both sockets: libssh2's next read sees end-of-file and the fetch fails promptly
/// with an error, which `timedOut` lets the caller report as a timeout.
final class SSHRelay: Sendable {
    /// The loopback port libgit2 must connect to.
    let port: Int
    private let listener: Int32
    private let upstream: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let deadline: ContinuousClock.Instant
    private let state = Mutex(false)
    private let stopped = Mutex(false)
    private let done = DispatchSemaphore(value: 0)

    /// Connects to `host`:`port` within `connectTimeout`, then starts relaying on a new thread.
    /// - Throws: `.unreachable` when the connection is refused or the host is unknown,
    ///   `.timeout` when it does not complete in time.
    init(
        host: String, port remotePort: Int, connectTimeout: Duration, deadline: ContinuousClock.Instant, remote: String
    )
        throws(RepoSyncError)
    {
        self.deadline = deadline
        upstream = try Socket.connect(
            host: host, port: remotePort, before: min(.now + connectTimeout, deadline), remote: remote)
        let listening: (fd: Int32, port: Int)
        do {
            listening = try Socket.listenOnLoopback()
        } catch {
            close(upstream)
            throw error
        }
        listener = listening.fd
        port = listening.port
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            close(upstream)
            close(listener)
            throw RepoSyncError(.io, "pipe failed: errno \(errno)", operation: "start ssh relay")
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        let thread = Thread { [self] in
            relay()
            done.signal()
        }
        thread.name = "gitops-ssh-relay"
        thread.start()
    }

    /// Stops the relay (if it still runs), waits for its thread, and closes every socket. Safe to
    /// call more than once.
    /// - Returns: true when the relay closed the connection because the deadline passed.
    @discardableResult
    func finish() -> Bool {
        let first = stopped.withLock { wasStopped in
            defer { wasStopped = true }
            return !wasStopped
        }
        if first {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
            done.wait()
            close(wakeRead)
            close(wakeWrite)
        }
        return state.withLock { $0 }
    }

    private func relay() {
        defer {
            close(listener)
            close(upstream)
        }
        guard let client = acceptClient() else { return }
        defer {
            shutdown(client, Int32(SHUT_RDWR))
            close(client)
        }
        _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
        _ = fcntl(upstream, F_SETFL, fcntl(upstream, F_GETFL) | O_NONBLOCK)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var open = (client: true, upstream: true)
        while open.client || open.upstream {
            var fds = [
                pollfd(fd: open.client ? client : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: open.upstream ? upstream : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            guard waitForEvents(&fds) else { return }
            if fds[2].revents != 0 { return }
            if open.client, fds[0].revents != 0 {
                guard let ok = copy(from: client, to: upstream, &buffer) else { return }
                if !ok {
                    open.client = false
                    shutdown(upstream, Int32(SHUT_WR))
                }
            }
            if open.upstream, fds[1].revents != 0 {
                guard let ok = copy(from: upstream, to: client, &buffer) else { return }
                if !ok {
                    open.upstream = false
                    shutdown(client, Int32(SHUT_WR))
                }
            }
        }
    }

    private func acceptClient() -> Int32? {
        var fds = [
            pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        guard waitForEvents(&fds), fds[0].revents != 0, fds[1].revents == 0 else { return nil }
        let client = accept(listener, nil, nil)
        return client >= 0 ? client : nil
    }

    /// Polls until an event or the deadline; false (and `timedOut` set) at the deadline.
    private func waitForEvents(_ fds: inout [pollfd]) -> Bool {
        while true {
            let remaining = deadline - .now
            if remaining <= .zero {
                state.withLock { $0 = true }
                return false
            }
            let ms = Int32(
                clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
                    + 1)
            let n = poll(&fds, nfds_t(fds.count), ms)
            if n > 0 { return true }
            if n < 0, errno != EINTR { return false }
        }
    }

    /// Moves one read's worth of bytes; false at end-of-file, nil on an error or the deadline.
    private func copy(from source: Int32, to target: Int32, _ buffer: inout [UInt8]) -> Bool? {
        let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        if count == 0 { return false }
        if count < 0 { return errno == EAGAIN || errno == EINTR ? true : nil }
        var sent = 0
        while sent < count {
            let n = buffer.withUnsafeBytes { send(target, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                sent += n
                continue
            }
            guard n < 0, errno == EAGAIN || errno == EINTR else { return nil }
            var fds = [
                pollfd(fd: target, events: Int16(POLLOUT), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            guard waitForEvents(&fds), fds[1].revents == 0 else { return nil }
        }
        return true
    }
}
