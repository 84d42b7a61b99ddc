import Foundation

/// The few POSIX socket operations the ssh relay needs, with errors as `RepoSyncError`.
enum Socket {
    /// A TCP connection to `host`:`port`, trying each address until one answers or `before`.
    static func connect(host: String, port: Int, before limit: ContinuousClock.Instant, remote: String)
        throws(RepoSyncError) -> Int32
    {
        let operation = "connect"
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let why = String(cString: gai_strerror(status))
            throw RepoSyncError(
                .unreachable, "cannot resolve host '\(host)': \(why)", operation: operation, remote: remote)
        }
        defer { freeaddrinfo(list) }
        var lastError = ECONNREFUSED
        var timedOut = false
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            var result = Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
            if result != 0, errno == EINPROGRESS {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let remaining = limit - .now
                let ms = max(
                    0,
                    Int32(
                        clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds
                            / 1_000_000_000_000_000))
                if poll(&pfd, 1, ms) == 1 {
                    var soError: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
                    result = soError == 0 ? 0 : -1
                    lastError = soError
                } else {
                    timedOut = true
                    result = -1
                }
            } else if result != 0 {
                lastError = errno
            }
            if result == 0 {
                _ = fcntl(fd, F_SETFL, flags)
                return fd
            }
            close(fd)
        }
        if timedOut {
            throw RepoSyncError(
                .timeout, "no connection to \(host):\(port) within the connect timeout; is the server up?",
                operation: operation, remote: remote)
        }
        throw RepoSyncError(
            .unreachable, "cannot connect to \(host):\(port): \(String(cString: strerror(lastError)))",
            operation: operation, remote: remote)
    }

    /// A socket listening on 127.0.0.1 on a port the kernel picks.
    static func listenOnLoopback() throws(RepoSyncError) -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RepoSyncError(.io, "socket failed: errno \(errno)", operation: "start ssh relay") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw RepoSyncError(.io, "cannot listen on 127.0.0.1: errno \(errno)", operation: "start ssh relay")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
