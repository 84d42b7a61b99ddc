import Foundation

/// The byte stream of one watch response: the store pushes event lines, the connection's
/// thread pulls them (blocking) and sends each as it comes.
///
/// State is guarded by `condition`'s lock; that is why the class is `@unchecked Sendable`.
final class WatchStream: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var finished = false
    private var closed = false
    private var onClose: [@Sendable () -> Void] = []
    private let deadline: Date
    /// Called after `idleInterval` seconds without events; returns a line to send (a bookmark) or nil.
    private let idleLine: (@Sendable () -> [UInt8]?)?
    private let idleInterval: Double
    /// Tells whether the client has gone; checked every second while waiting.
    private var peerGone: (@Sendable () -> Bool)?

    init(timeoutSeconds: Double, idleInterval: Double = 10, idleLine: (@Sendable () -> [UInt8]?)? = nil) {
        deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        self.idleInterval = idleInterval
        self.idleLine = idleLine
    }

    /// Queues one event line (already ending in `\n`). Ignored once the stream has ended.
    func send(_ line: [UInt8]) {
        condition.lock()
        defer { condition.unlock() }
        guard !finished, !closed else { return }
        pending.append(contentsOf: line)
        condition.broadcast()
    }

    /// Ends the stream once what is queued has been sent.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Installs the check for a vanished client (set by the HTTP layer, which knows the socket).
    func watchPeer(_ gone: @escaping @Sendable () -> Bool) {
        condition.lock()
        peerGone = gone
        condition.unlock()
    }

    /// Registers work to do when the connection goes away (the store drops its watcher).
    func whenClosed(_ action: @escaping @Sendable () -> Void) {
        condition.lock()
        let already = closed
        if !already { onClose.append(action) }
        condition.unlock()
        if already { action() }
    }

    /// Called when the response is freed (client gone, or stream ended).
    func close() {
        condition.lock()
        closed = true
        finished = true
        let actions = onClose
        onClose = []
        condition.broadcast()
        condition.unlock()
        for action in actions { action() }
    }

    /// Copies up to `max` queued bytes into `buffer`, waiting for some. Returns -1 at the end.
    func read(into buffer: UnsafeMutablePointer<UInt8>, max: Int) -> Int {
        condition.lock()
        defer { condition.unlock() }
        var lastActivity = Date()
        while pending.isEmpty {
            if finished || closed { return -1 }
            let now = Date()
            if now >= deadline { return -1 }
            if let idleLine, now.timeIntervalSince(lastActivity) >= idleInterval {
                condition.unlock()
                let line = idleLine()
                condition.lock()
                if let line, !finished { pending.append(contentsOf: line) }
                lastActivity = Date()
                continue
            }
            if let peerGone, peerGone() { return -1 }
            let nextIdle = lastActivity.addingTimeInterval(idleLine == nil ? 3600 : idleInterval)
            let wake = min(deadline, nextIdle, now.addingTimeInterval(peerGone == nil ? 3600 : 1))
            _ = condition.wait(until: wake)
        }
        let n = Swift.min(max, pending.count)
        pending.withUnsafeBufferPointer { src in
            buffer.update(from: src.baseAddress!, count: n)
        }
        pending.removeFirst(n)
        return n
    }
}
