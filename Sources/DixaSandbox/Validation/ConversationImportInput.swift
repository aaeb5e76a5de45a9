import Foundation

/// A `POST /v1/conversations/import` body (Dixa's `GenericConversationImport`) that decoded cleanly.
///
/// Decoding checks shape only; whether the requester and agents exist is the store's business,
/// because Dixa answers those after decoding, with their own messages.
struct ConversationImportInput {
    struct Assignment {
        let agentId: UUID
        let assignedAt: Timestamp
    }

    struct Closing {
        let closedAt: Timestamp
        let closedBy: UUID
    }

    struct Message {
        let isOutbound: Bool
        let agentId: UUID?
        let content: String
        let externalId: String?
        let attachmentURLs: [String]
    }

    let genericChannelName: String
    let requesterId: UUID
    let direction: String
    let createdAt: Timestamp
    let externalId: String?
    let assignment: Assignment?
    let closing: Closing?
    let messages: [Message]

    /// Decodes the body or throws `Invalid value for: body`.
    ///
    /// `_type` discriminators are required on messages and their content: Dixa's schemas are `oneOf`
    /// without a discriminator mapping, and Text/Html/Markdown are otherwise indistinguishable.
    /// The top-level `_type` is optional (the schema does not list it; both examples send it), but
    /// when present it must be `GenericConversationImport`.
    init(body: SandboxJSON?) throws(DixaError) {
        let reader = try JSONObjectReader(
            body,
            allowedKeys: [
                "genericChannelName", "requesterId", "requesterConnectionStatus", "direction", "messages", "createdAt",
                "assignment", "externalId", "closing", "attributes", "_type",
            ]
        )
        if let type = try reader.optionalString("_type"), type != "GenericConversationImport" { throw .invalidBody }
        genericChannelName = try reader.requiredString("genericChannelName")
        requesterId = try reader.requiredUUID("requesterId")
        if let status = try reader.optionalString("requesterConnectionStatus"), !["Connected", "Disconnected"].contains(status) {
            throw .invalidBody
        }
        direction = try reader.requiredEnum("direction", ["Inbound", "Outbound"])
        createdAt = try reader.requiredTimestamp("createdAt")
        externalId = try reader.optionalString("externalId")
        _ = try reader.optionalObject("attributes")

        if let value = reader.optional("assignment") {
            let assignment = try JSONObjectReader(value, allowedKeys: ["agentId", "assignedAt"])
            self.assignment = Assignment(
                agentId: try assignment.requiredUUID("agentId"),
                assignedAt: try assignment.requiredTimestamp("assignedAt")
            )
        } else {
            self.assignment = nil
        }

        if let value = reader.optional("closing") {
            let closing = try JSONObjectReader(value, allowedKeys: ["closedAt", "closedBy"])
            self.closing = Closing(closedAt: try closing.requiredTimestamp("closedAt"), closedBy: try closing.requiredUUID("closedBy"))
        } else {
            self.closing = nil
        }

        var messages: [Message] = []
        for element in try reader.optionalArray("messages") ?? [] {
            messages.append(try Self.message(element))
        }
        self.messages = messages
    }

    private static func message(_ value: SandboxJSON) throws(DixaError) -> Message {
        let common: Set<String> = ["content", "attachments", "externalId", "createdAt", "attributes", "_type"]
        // Peek at the discriminator first: it decides whether `agentId` is a known key.
        let isOutbound: Bool
        switch value["_type"] {
        case .string("InboundImport"): isOutbound = false
        case .string("OutboundImport"): isOutbound = true
        default: throw .invalidBody
        }
        let reader = try JSONObjectReader(value, allowedKeys: isOutbound ? common.union(["agentId"]) : common)
        let agentId = isOutbound ? try reader.requiredUUID("agentId") : nil
        _ = try reader.requiredTimestamp("createdAt")
        _ = try reader.optionalObject("attributes")

        let content = try JSONObjectReader(try reader.required("content"), allowedKeys: ["value", "_type"])
        let text = try content.requiredString("value")
        _ = try content.requiredEnum("_type", ["Text", "Html", "Markdown"])

        var urls: [String] = []
        for attachment in try reader.optionalArray("attachments") ?? [] {
            let file = try JSONObjectReader(attachment, allowedKeys: ["url", "prettyName"])
            urls.append(try file.requiredString("url"))
            _ = try file.optionalString("prettyName")
        }
        return Message(
            isOutbound: isOutbound,
            agentId: agentId,
            content: text,
            externalId: try reader.optionalString("externalId"),
            attachmentURLs: urls
        )
    }

    /// Every agent id the body names, in the order Dixa would check them.
    var agentIDs: [UUID] {
        [assignment?.agentId, closing?.closedBy].compactMap { $0 } + messages.compactMap(\.agentId)
    }

    /// Whether any message has empty (or blank) content, which Dixa refuses as `Invalid input for Message`.
    var hasEmptyMessage: Bool {
        messages.contains { $0.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    /// Soft failures Dixa reports in `partialErrors` without refusing the import: attachments whose url
    /// is not http(s). Dixa names the message by its `externalId`; the index stands in when there is none.
    var attachmentPartialErrors: [String] {
        messages.enumerated().flatMap { index, message in
            message.attachmentURLs.filter { !Self.isHTTPURL($0) }.map { _ in
                "Invalid attachment url in message. externalId: \(message.externalId ?? String(index))"
            }
        }
    }

    private static func isHTTPURL(_ string: String) -> Bool {
        guard let url = URL(string: string), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return false
        }
        return scheme == "http" || scheme == "https"
    }

    /// The channel Dixa reports for the conversation. The value for `genericapimessaging` is not
    /// documented (API notes §4.5); `GenericApiMessaging` is the sandbox's guess, so clients should
    /// treat `channel` as an open string.
    var reportedChannel: String {
        genericChannelName == "email" ? "Email" : "GenericApiMessaging"
    }
}
