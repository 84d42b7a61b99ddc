/// Why the emulator could not start or do what it was asked (not an API error: those go to
/// clients as `Status` objects).
public struct EmulatorError: Error, Sendable, CustomStringConvertible {
    /// What failed and what to do about it.
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { "kube-emulator: \(message)" }
}
