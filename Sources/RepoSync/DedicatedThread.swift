import Foundation

/// Runs blocking work (libgit2 calls, file locks) on a new thread and suspends the caller
/// until it ends, so that no thread of Swift's cooperative pool is blocked.
enum DedicatedThread {
    static func run<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws(RepoSyncError) -> T)
        async throws(RepoSyncError) -> T
    {
        let result: Result<T, RepoSyncError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(RepoSyncError) -> T in try body() })
            }
            thread.name = name
            thread.stackSize = 4 << 20
            thread.start()
        }
        return try result.get()
    }
}
