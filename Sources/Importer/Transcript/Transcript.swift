import DixaAPI
import Foundation

/// A finished chatbot conversation as the chatbot writes it into `dixa_outbox.transcript`.
/// Build one with `Transcript.parse(_:)`, which applies the same rules as the table's transcript trigger.
public struct Transcript: Sendable, Equatable {
    public struct Requester: Sendable, Equatable {
        public var email: String?
        public var phone: String?
        public var externalId: String?
        public var displayName: String?
        public var firstName: String?
        public var lastName: String?
    }

    public struct Message: Sendable, Equatable {
        public enum Author: String, Sendable {
            case user
            case bot
        }
        public enum Format: String, Sendable {
            case text
            case markdown
            case html
        }
        public struct Attachment: Sendable, Equatable {
            public var url: String
            public var name: String?
        }
        public var from: Author
        public var text: String
        public var at: Date
        public var format: Format
        public var id: String?
        public var attachments: [Attachment]
    }

    public var requester: Requester
    public var startedAt: Date?
    public var endedAt: Date?
    public var messages: [Message]
    /// Custom attributes keyed by attribute UUID or identifier, in the order the chatbot wrote them.
    public var attributes: [(key: String, value: AttributeValue)]
    /// Where an escalation goes (`queueId`); without it, the configured default queue.
    public var queueID: UUID? = nil

    public static func == (lhs: Transcript, rhs: Transcript) -> Bool {
        lhs.requester == rhs.requester && lhs.startedAt == rhs.startedAt && lhs.endedAt == rhs.endedAt && lhs.messages == rhs.messages
            && lhs.attributes.map(\.key) == rhs.attributes.map(\.key) && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
            && lhs.queueID == rhs.queueID
    }

    /// When the conversation started: `startedAt`, else the earliest message.
    public var effectiveStart: Date {
        startedAt ?? messages.map(\.at).min()!
    }

    /// When the conversation ended: `endedAt`, else the latest message.
    public var effectiveEnd: Date {
        endedAt ?? messages.map(\.at).max()!
    }
}
