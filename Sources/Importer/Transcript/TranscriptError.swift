/// Why a transcript was refused. `message` names the offending path, in the same words as the
/// outbox's transcript trigger, e.g. `transcript.messages[2].from must be "user" or "bot"`.
public struct TranscriptError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
