import Foundation

extension DixaClient {
    /// `GET /v1/endusers` with one filter; an empty list means no match.
    public func findEndUsers(_ filter: EndUserFilter) async throws -> [EndUser] {
        try await send(.GET, "/v1/endusers", query: [filter.queryItem], as: [EndUser].self).data
    }

    /// `POST /v1/endusers`.
    public func createEndUser(_ input: CreateEndUserInput) async throws -> EndUser {
        try await send(.POST, "/v1/endusers", body: input, as: EndUser.self).data
    }

    /// `GET /v1/endusers/{id}/conversations`, every page.
    public func conversations(ofEndUser id: UUID) async throws -> [ConversationSummary] {
        let path = "/v1/endusers/\(id.dixaString)/conversations"
        var all: [ConversationSummary] = []
        var query: [(String, String)] = []
        var pages = 0
        while true {
            let page = try await send(.GET, path, query: query, as: [ConversationSummary].self)
            all += page.data
            pages += 1
            // Dixa's `meta.next` may be absolute or relative; re-issue only its pageKey against our own base URL.
            guard let next = page.meta?.next, let pageKey = QueryString.value(of: "pageKey", in: next), pages < 1000 else {
                return all
            }
            query = [("pageKey", pageKey)]
            if let limit = QueryString.value(of: "pageLimit", in: next) {
                query.append(("pageLimit", limit))
            }
        }
    }

    /// `POST /v1/conversations/import`: one conversation.
    public func importConversation(_ conversation: ConversationImport) async throws -> ImportedConversation {
        try await send(.POST, "/v1/conversations/import", body: conversation, as: ImportedConversation.self).data
    }

    /// `GET /v1/custom-attributes`.
    public func customAttributeDefinitions() async throws -> [CustomAttributeDefinition] {
        try await send(.GET, "/v1/custom-attributes", as: [CustomAttributeDefinition].self).data
    }

    /// `PATCH /v1/conversations/{id}/custom-attributes`, keyed by attribute id.
    public func patchCustomAttributes(conversationID: Int64, values: [UUID: AttributeValue]) async throws -> [CustomAttributeValue] {
        let body = Dictionary(uniqueKeysWithValues: values.map { ($0.key.dixaString, $0.value) })
        return try await send(.PATCH, "/v1/conversations/\(conversationID)/custom-attributes", body: body, as: [CustomAttributeValue].self).data
    }

    /// `GET /v1/queues`.
    public func queues() async throws -> [DixaQueue] {
        try await send(.GET, "/v1/queues", as: [DixaQueue].self).data
    }

    /// `GET /v1/agents/{agentId}`.
    public func agent(_ id: UUID) async throws -> DixaAgent {
        try await send(.GET, "/v1/agents/\(id.dixaString)", as: DixaAgent.self).data
    }

    /// `GET /v1/queues/{queueId}`.
    public func queue(_ id: String) async throws -> DixaQueue {
        try await send(.GET, "/v1/queues/\(QueryString.escape(id))", as: DixaQueue.self).data
    }

    /// `PUT /v1/conversations/{id}/transfer/queue`: hands the conversation to a human-staffed queue (204).
    public func transferToQueue(conversationID: Int64, _ input: TransferQueueInput) async throws {
        try await sendExpectingNoContent(.PUT, "/v1/conversations/\(conversationID)/transfer/queue", body: input)
    }

    /// `PUT /v1/conversations/{id}/reopen` (204). Without `input` no body is sent, as the spec allows.
    public func reopenConversation(_ conversationID: Int64, _ input: ReopenConversationInput? = nil) async throws {
        try await sendExpectingNoContent(.PUT, "/v1/conversations/\(conversationID)/reopen", body: input)
    }

    /// `GET /v1/webhooks`.
    public func webhookSubscriptions() async throws -> [WebhookSubscription] {
        try await send(.GET, "/v1/webhooks", as: [WebhookSubscription].self).data
    }

    /// `POST /v1/webhooks`.
    public func createWebhookSubscription(_ input: CreateWebhookSubscriptionInput) async throws -> WebhookSubscription {
        try await send(.POST, "/v1/webhooks", body: input, as: WebhookSubscription.self).data
    }
}
