import Foundation

/// Runs blocking work (kubectl kustomize, waiting on a child process) on its own thread, so
/// that it never holds one of the cooperative pool's two threads.
enum BlockingWork {
    static func run<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = name
            thread.start()
        }
    }
}
