import Synchronization
import Testing

@testable import Rollout

@Suite struct ConcurrentMapTests {
    final class Gauge: Sendable {
        let state = Mutex((now: 0, peak: 0))
        func enter() {
            state.withLock {
                $0.now += 1
                $0.peak = max($0.peak, $0.now)
            }
        }
        func leave() { state.withLock { $0.now -= 1 } }
        var peak: Int { state.withLock { $0.peak } }
    }

    @Test(arguments: [1, 3, 8])
    func keepsOrderAndTheLimit(limit: Int) async throws {
        let gauge = Gauge()
        let out = try await Array(0..<40).concurrentMap(limit: limit) { n in
            gauge.enter()
            defer { gauge.leave() }
            try await Task.sleep(for: .milliseconds(n % 3))
            return n * 2
        }
        #expect(out == (0..<40).map { $0 * 2 })
        #expect(gauge.peak <= limit)
    }

    struct Boom: Error {}

    @Test func rethrowsTheFirstError() async {
        await #expect(throws: Boom.self) {
            _ = try await Array(0..<10).concurrentMap(limit: 3) { n in
                if n == 4 { throw Boom() }
                return n
            }
        }
    }
}
