/// A patch that cannot be applied to its target; the server answers 422 with this message.
struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    var description: String { message }
}
