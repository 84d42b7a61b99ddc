extension Array where Element: Sendable {
    /// `map` with at most `limit` calls of `transform` running at once; results keep the
    /// order of the array. The first error cancels the rest and is rethrown.
    func concurrentMap<T: Sendable>(limit: Int, _ transform: @escaping @Sendable (Element) async throws -> T)
        async throws -> [T]
    {
        guard count > 1, limit > 1 else {
            var out: [T] = []
            for item in self { out.append(try await transform(item)) }
            return out
        }
        return try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: count)
            var next = 0
            for _ in 0..<Swift.min(limit, count) {
                let index = next
                let item = self[index]
                group.addTask { (index, try await transform(item)) }
                next += 1
            }
            while let (index, value) = try await group.next() {
                results[index] = value
                if next < count {
                    let index = next
                    let item = self[index]
                    group.addTask { (index, try await transform(item)) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}
