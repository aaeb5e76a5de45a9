import DixaAPI
import Foundation

/// Step 9: turns a transcript into Dixa's `GenericConversationImport`, exactly as the OpenAPI file's
/// genericapimessaging example: user messages become `InboundImport`, bot messages `OutboundImport`
/// written by the bot agent, and a closed conversation carries `closing`.
public struct ImportRequestBuilder: Sendable {
    /// The bot user's agent id (`DIXA_AGENT_ID`).
    public let botAgentID: UUID

    public init(botAgentID: UUID) {
        self.botAgentID = botAgentID
    }

    /// The `createdAt` the import of `transcript` carries; the import-intent checkpoint records it before the request
    /// goes out, so that a lost answer can be reconciled.
    public func createdAt(for transcript: Transcript) -> Date {
        transcript.effectiveStart
    }

    public func request(for transcript: Transcript, sourceKey: String, requesterID: UUID, closed: Bool = true) -> ConversationImport {
        let createdAt = createdAt(for: transcript)
        return ConversationImport(
            genericChannelName: "genericapimessaging",
            requesterId: requesterID,
            requesterConnectionStatus: closed ? "Disconnected" : "Connected",
            direction: "Inbound",
            messages: transcript.messages.map(message),
            createdAt: createdAt,
            assignment: .init(agentId: botAgentID, assignedAt: createdAt),
            externalId: sourceKey,
            closing: closed ? .init(closedAt: max(transcript.effectiveEnd, createdAt), closedBy: botAgentID) : nil
        )
    }

    private func message(_ message: Transcript.Message) -> ImportMessage {
        let content = ImportMessage.Content(value: message.text, kind: contentKind(message.format))
        let files = message.attachments.map { ImportMessage.File(url: $0.url, prettyName: $0.name) }
        switch message.from {
        case .user:
            return ImportMessage(direction: .inbound, content: content, attachments: files, externalId: message.id, createdAt: message.at)
        case .bot:
            return ImportMessage(
                direction: .outbound,
                content: content,
                agentId: botAgentID,
                attachments: files,
                externalId: message.id,
                createdAt: message.at
            )
        }
    }

    private func contentKind(_ format: Transcript.Message.Format) -> ImportMessage.Content.Kind {
        switch format {
        case .text: .text
        case .markdown: .markdown
        case .html: .html
        }
    }
}
