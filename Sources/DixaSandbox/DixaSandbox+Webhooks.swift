import Foundation

/// Simulating a human agent, and controlling and inspecting webhook deliveries. Each call has a
/// `/_sandbox` route twin (see `dixa-sandbox --help`).
///
/// Agent actions return once every delivery they caused was attempted, so a test can assert on the
/// receiver right after the call.
extension DixaSandbox {
    /// An agent writes `text` in the conversation → `CONVERSATION_MESSAGE_ADDED` to subscribers of
    /// `ConversationMessageAdded` in the conversation's organisation. The conversation is assigned to the agent.
    /// - Parameter agentID: an agent of the conversation's organisation; by default its Human Agent
    ///   (``SandboxOrganizationIDs/humanAgentID``, the standard seed's for organisation 1). Pass
    ///   ``SandboxSeed/botAgentID`` to simulate a message the bot wrote itself.
    /// - Returns: the delivery attempts (none while deliveries are held).
    /// - Throws: ``SandboxActionError`` for an unknown conversation (404) or agent (400 `User not found`).
    public func agentMessage(conversationID: Int64, text: String, agentID: UUID? = nil) async throws -> [SandboxDelivery] {
        try await run { (events: ConversationEvents) async throws(DixaError) in
            try await events.agentMessage(conversationID: conversationID, text: text, agentID: agentID)
        }
    }

    /// An agent starts typing → `TYPING_STARTED` to subscribers of `TypingStarted`.
    /// - Throws: ``SandboxActionError`` for an unknown conversation or agent.
    public func agentTyping(conversationID: Int64, agentID: UUID? = nil) async throws -> [SandboxDelivery] {
        try await run { (events: ConversationEvents) async throws(DixaError) in
            try await events.agentTyping(conversationID: conversationID, agentID: agentID)
        }
    }

    /// An agent closes the conversation → state `Closed`, `CONVERSATION_CLOSED` to subscribers of `ConversationClosed`.
    /// - Throws: ``SandboxActionError`` for an unknown conversation or agent.
    public func agentCloses(conversationID: Int64, agentID: UUID? = nil) async throws -> [SandboxDelivery] {
        try await run { (events: ConversationEvents) async throws(DixaError) in
            try await events.agentCloses(conversationID: conversationID, agentID: agentID)
        }
    }

    /// Sets how events are delivered from now on (as `POST /_sandbox/webhooks/delivery-mode`).
    /// Turning `hold` off does not send what is held; ``flushHeldDeliveries(reversed:)`` does.
    public func setWebhookDelivery(_ mode: SandboxDeliveryMode) async {
        await hub.setMode(mode)
    }

    /// Sends the held events, in the order they happened or reversed (as `POST /_sandbox/webhooks/flush`).
    /// Duplication applies as currently set.
    public func flushHeldDeliveries(reversed: Bool) async -> [SandboxDelivery] {
        await hub.flush(reversed: reversed)
    }

    /// Every delivery attempt so far, in order, whatever its organisation (as `GET /_sandbox/webhooks/deliveries`).
    public func webhookDeliveries() async -> [SandboxDelivery] {
        await hub.allDeliveries()
    }

    /// The delivery attempts to the subscriptions of the organisation named `organization`, in order.
    public func webhookDeliveries(organization: String) async -> [SandboxDelivery] {
        await hub.allDeliveries().filter { $0.organization == organization }
    }

    /// Every organisation's webhook subscriptions, with their secrets (as `GET /_sandbox/webhooks`).
    public func webhookSubscriptions() async -> [SandboxWebhookSubscription] {
        await hub.all().map(\.record)
    }

    /// The webhook subscriptions of the organisation named `organization`, with their secrets.
    public func webhookSubscriptions(organization: String) async -> [SandboxWebhookSubscription] {
        await hub.all().map(\.record).filter { $0.organization == organization }
    }

    private func run<T>(_ action: (ConversationEvents) async throws(DixaError) -> T) async throws(SandboxActionError) -> T {
        do {
            return try await action(events)
        } catch {
            throw SandboxActionError(status: Int(error.status.code), message: error.message)
        }
    }
}

/// A simulated action the sandbox refused, with the status and message Dixa would give.
public struct SandboxActionError: Error, CustomStringConvertible, Sendable, Equatable {
    /// 404 for an unknown conversation, 400 for an agent the conversation's organisation does not have.
    public let status: Int
    /// Dixa's message, e.g. `The requested resource could not be found`.
    public let message: String

    /// Creates the error.
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// Status and message.
    public var description: String { "\(status) \(message)" }
}
