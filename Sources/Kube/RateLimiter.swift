import Foundation
import Synchronization

/// Client-side token bucket: `burst` requests at once, then `qps` per second, like client-go's
/// default limiter. A request that finds the bucket empty reserves a future token and waits.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var last: ContinuousClock.Instant
    }

    private let qps: Double
    private let burst: Double
    private let bucket: Mutex<Bucket>
    private let throttled = Atomic<Int>(0)
    private let now: @Sendable () -> ContinuousClock.Instant

    /// `qps <= 0` turns the limiter off. `now` is the clock, injectable for tests.
    init(qps: Double, burst: Int, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.qps = qps
        self.burst = Double(max(1, burst))
        self.now = now
        bucket = Mutex(Bucket(tokens: Double(max(1, burst)), last: now()))
    }

    /// How many requests had to wait for a token so far.
    var throttledCount: Int { throttled.load(ordering: .relaxed) }

    /// Takes a token and returns how long the caller must wait before sending (zero when one was free).
    func reserve() -> Duration {
        guard qps > 0 else { return .zero }
        let now = self.now()
        let wait = bucket.withLock { b -> Double in
            let elapsed = b.last.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            b.tokens = min(burst, b.tokens + seconds * qps)
            b.last = now
            b.tokens -= 1
            return b.tokens >= 0 ? 0 : -b.tokens / qps
        }
        guard wait > 0 else { return .zero }
        throttled.add(1, ordering: .relaxed)
        return .nanoseconds(Int64(wait * 1e9))
    }

    /// Waits for a token in an async context.
    func acquire() async throws {
        let wait = reserve()
        if wait > .zero { try await Task.sleep(for: wait) }
    }

    /// Waits for a token on a dedicated (non-pool) thread.
    func acquireBlocking() {
        let wait = reserve()
        if wait > .zero { sleepBlocking(wait) }
    }
}

/// Sleeps the calling thread; only for dedicated threads, never the cooperative pool.
func sleepBlocking(_ duration: Duration) {
    let ms = duration.milliseconds
    guard ms > 0 else { return }
    Thread.sleep(forTimeInterval: Double(ms) / 1000)
}
