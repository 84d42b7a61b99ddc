import Manifests

extension Value {
    /// Sets the value at `path` when it is missing (or `null`), creating parent objects.
    mutating func setDefault(_ path: [String], _ value: Value) {
        guard let first = path.first else { return }
        guard case .object(var o) = self else { return }
        if path.count == 1 {
            if o[first] == nil || o[first]?.isNull == true { o[first] = value }
        } else {
            var child = o[first].flatMap { $0.isNull ? Value?.none : $0 } ?? .object(ObjectValue())
            child.setDefault(Array(path.dropFirst()), value)
            o[first] = child
        }
        self = .object(o)
    }

    /// Sets (or with `nil` removes) the value at `path`, creating parent objects.
    mutating func setValue(_ path: [String], _ value: Value?) {
        guard let first = path.first, case .object(var o) = self else { return }
        if path.count == 1 {
            o[first] = value
        } else {
            var child = o[first].flatMap { $0.objectValue == nil ? Value?.none : $0 } ?? .object(ObjectValue())
            if value == nil, o[first] == nil { return }
            child.setValue(Array(path.dropFirst()), value)
            o[first] = child
        }
        self = .object(o)
    }

    /// Applies `body` to the value at `path` when it exists.
    mutating func modify(_ path: [String], _ body: (inout Value) -> Void) {
        guard let first = path.first else {
            body(&self)
            return
        }
        guard case .object(var o) = self, var child = o[first] else { return }
        child.modify(Array(path.dropFirst()), body)
        o[first] = child
        self = .object(o)
    }

    /// Applies `body` to every item of the list at `path`.
    mutating func modifyItems(_ path: [String], _ body: (inout Value) -> Void) {
        modify(path) { list in
            guard case .array(var items) = list else { return }
            for i in items.indices { body(&items[i]) }
            list = .array(items)
        }
    }
}

extension ObjectValue {
    /// The members by key (the first of duplicates), for lookups in large objects.
    var keyIndex: [String: Value] {
        var index: [String: Value] = [:]
        index.reserveCapacity(count)
        for (k, v) in self where index[k] == nil { index[k] = v }
        return index
    }
}
