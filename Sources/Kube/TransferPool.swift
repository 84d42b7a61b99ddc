import Dispatch
import Foundation
import Synchronization

/// Worker threads that run blocking libcurl transfers, each with its own easy handle and so its
/// own kept-alive connection. The most recently idle worker takes the next request, so a
/// sequential caller keeps reusing one connection; concurrent callers get up to `maxWorkers`.
///
/// Transfers never run on the Swift cooperative pool: on two cores two blocked tasks would
/// stall every other task.
final class TransferPool: Sendable {
    /// Work for one worker thread: gets the worker's handle (or the reason there is none) and
    /// returns what to do once the worker is free again (resume the waiting caller). Resuming
    /// only then lets a sequential caller's next request find this worker idle and reuse its
    /// connection instead of starting a second worker.
    typealias Job = @Sendable (Result<CurlEasy, TransportFailure>) -> (@Sendable () -> Void)

    private final class Worker: Sendable {
        let wake = DispatchSemaphore(value: 0)
        let slot = Mutex<Job?>(nil)
    }

    private struct State {
        var idle: [Worker] = []
        var pending: [Job] = []
        var workers = 0
        var closed = false
    }

    private enum Dispatch {
        case wake(Worker)
        case spawn(Worker)
        case queued, closed
    }

    static let closedFailure = TransportFailure(kind: .cancelled, curlCode: 0, detail: "the client was closed")

    private let state = Mutex(State())
    private let tls: TLSSettings
    private let maxWorkers: Int
    private let connectTimeout: Duration

    init(tls: TLSSettings, maxWorkers: Int, connectTimeout: Duration) {
        self.tls = tls
        self.maxWorkers = max(1, maxWorkers)
        self.connectTimeout = connectTimeout
    }

    /// Queues `job`; it runs on a worker thread.
    func submit(_ job: @escaping Job) {
        let action = state.withLock { s -> Dispatch in
            if s.closed { return .closed }
            if let worker = s.idle.popLast() {
                worker.slot.withLock { $0 = job }
                return .wake(worker)
            }
            if s.workers < maxWorkers {
                s.workers += 1
                let worker = Worker()
                worker.slot.withLock { $0 = job }
                return .spawn(worker)
            }
            s.pending.append(job)
            return .queued
        }
        switch action {
        case .wake(let worker): worker.wake.signal()
        case .spawn(let worker):
            start(worker)
            worker.wake.signal()
        case .queued: break
        case .closed: job(.failure(TransferPool.closedFailure))()
        }
    }

    /// Stops the idle workers now and the busy ones after their current transfer.
    func close() {
        let (idle, pending) = state.withLock { s in
            s.closed = true
            defer {
                s.idle = []
                s.pending = []
            }
            return (s.idle, s.pending)
        }
        for worker in idle { worker.wake.signal() }
        for job in pending { job(.failure(TransferPool.closedFailure))() }
    }

    private func start(_ worker: Worker) {
        let thread = Thread { [self] in run(worker) }
        thread.name = "kube-transfer"
        thread.start()
    }

    private func run(_ worker: Worker) {
        var easy: CurlEasy?
        while true {
            worker.wake.wait()
            var job = worker.slot.withLock { slot in
                defer { slot = nil }
                return slot
            }
            if job == nil { return }
            while let current = job {
                let finish: @Sendable () -> Void
                do {
                    if easy == nil { easy = try CurlEasy(tls: tls, connectTimeout: connectTimeout) }
                    finish = current(.success(easy!))
                } catch {
                    finish = current(.failure(error))
                }
                let (next, exit) = state.withLock { s -> (Job?, Bool) in
                    if !s.pending.isEmpty { return (s.pending.removeFirst(), false) }
                    if s.closed { return (nil, true) }
                    s.idle.append(worker)
                    return (nil, false)
                }
                finish()
                if exit { return }
                job = next
            }
        }
    }
}
