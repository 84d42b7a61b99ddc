import Foundation

/// Time as the executor sees it, so that tests can wait for deadlines without sleeping.
public protocol RolloutClock: Sendable {
    func now() -> Date
    func sleep(for duration: Duration) async throws
}

/// The wall clock and `Task.sleep`.
public struct SystemClock: RolloutClock {
    /// The system clock.
    public init() {}
    /// The current time.
    public func now() -> Date { Date() }
    /// Sleeps; throws when the task is cancelled.
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
