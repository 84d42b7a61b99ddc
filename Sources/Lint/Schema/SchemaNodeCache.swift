import Synchronization

/// The decoded schema nodes by id, shared by every checking thread without a lock: each slot is
/// set at most once (the first decoded node wins; later decodings of the same id are equal).
final class SchemaNodeCache: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<AtomicLazyReference<SchemaNode>>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: max(count, 1))
        for i in 0..<count { (slots + i).initialize(to: AtomicLazyReference()) }
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// The node stored for `id`, if any.
    func node(_ id: Int) -> SchemaNode? { slots[id].load() }

    /// Stores `node` for `id` unless one is there already; returns the stored one.
    func store(_ node: SchemaNode, for id: Int) -> SchemaNode { slots[id].storeIfNil(node) }
}
