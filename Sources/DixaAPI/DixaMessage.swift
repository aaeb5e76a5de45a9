/// An error `message` of Dixa's that the importer acts on, in Dixa's exact words. Everything else Dixa says is
/// kept as text for people to read, and decides nothing.
///
/// This is the one place Dixa's English is matched: `DixaError.knownMessage` is parsed from the answer once,
/// and code compares these values, never strings.
public struct DixaMessage: Hashable, Sendable, CustomStringConvertible {
    private enum Base: String, Hashable, Sendable, CaseIterable {
        case agentDoesNotExist = "Agent does not exist"
        case requesterDoesNotExist = "Requester does not exist"
        case queueDoesNotExist = "Queue does not exist"
        case unsupportedChannel = "Unsupported ConversationChannel"
    }
    private let base: Base
    private init(_ base: Base) { self.base = base }

    /// The bot agent (`DIXA_AGENT_ID`) is not a user of this organisation.
    public static let agentDoesNotExist = DixaMessage(.agentDoesNotExist)
    /// The end user named as requester is gone (the cache is stale).
    public static let requesterDoesNotExist = DixaMessage(.requesterDoesNotExist)
    /// A queue id Dixa does not know.
    public static let queueDoesNotExist = DixaMessage(.queueDoesNotExist)
    /// The organisation does not accept the Generic API messaging channel.
    public static let unsupportedChannel = DixaMessage(.unsupportedChannel)

    /// The known message `text` is, if it is one.
    public init?(_ text: String) {
        guard let base = Base(rawValue: text) else { return nil }
        self.base = base
    }

    /// Dixa's words.
    public var description: String { base.rawValue }
}
