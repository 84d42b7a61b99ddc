import Foundation

/// An advisory `flock` on `<cache directory>.lock`, so that two processes (or two fetches in
/// one process) never write one cache at the same time. The lock file sits beside the cache so
/// the cache itself can be deleted and cloned again while the lock is held.
final class CacheLock {
    private let fd: Int32

    /// Takes the lock, exclusive for writers and shared for readers, waiting until `deadline`.
    init(cacheDirectory: String, exclusive: Bool, deadline: ContinuousClock.Instant) throws(RepoSyncError) {
        let path = cacheDirectory + ".lock"
        let parent = (cacheDirectory as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RepoSyncError(
                .io, "cannot open lock file \(path): \(String(cString: strerror(errno)))", operation: "lock cache")
        }
        let mode = exclusive ? LOCK_EX : LOCK_SH
        while flock(fd, mode | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                close(fd)
                throw RepoSyncError(
                    .cacheLocked, "\(path) is held by another fetch past the deadline; retry later",
                    operation: "lock cache")
            }
            usleep(10_000)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
