/// A configuration the sandbox cannot serve (``SandboxConfiguration/validate()``).
public struct SandboxConfigurationError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public let reason: String

    /// Creates the error.
    public init(reason: String) {
        self.reason = reason
    }

    /// Says what is wrong.
    public var description: String { "Invalid sandbox configuration: \(reason)" }
}
