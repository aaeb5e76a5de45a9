import DixaSandbox
import Foundation

/// Webhook subscription bodies for the tests, built from the OpenAPI example.
enum WebhookExamples {
    static let escalationEvents = ["ConversationMessageAdded", "ConversationClosed", "TypingStarted"]

    /// `InitialChannel IsOneOf [channels]`, keyed `Conversation` as in every OpenAPI example.
    static func channelFilter(_ channels: [String], isOneOf: Bool = true) -> SandboxJSON {
        .object([
            "Conversation": .object([
                "strategy": .string("All"),
                "conditions": .array([
                    .object([
                        "field": .string("InitialChannel"),
                        "values": .array(channels.map(SandboxJSON.string)),
                        "_type": .string(isOneOf ? "IsOneOf" : "IsNotOneOf"),
                    ])
                ]),
                "_type": .string("CombinedFilters"),
            ])
        ])
    }

    /// A valid `CreateWebhookSubscriptionInput`: Basic auth, one custom header, the escalation events.
    static func subscription(
        url: String,
        events: [String] = escalationEvents,
        authorization: SandboxJSON = basicAuth,
        filters: SandboxJSON? = channelFilter(["genericapimessaging"])
    ) -> SandboxJSON {
        var members: [String: SandboxJSON] = [
            "name": .string("Chatbot escalation"),
            "url": .string(url),
            "events": .array(events.map(SandboxJSON.string)),
            "authorization": authorization,
            "customHeaders": .object(["X-Example-Header": .string("ExampleValue")]),
            "enabled": .bool(true),
        ]
        if let filters { members["filters"] = filters }
        return .object(members)
    }

    static let basicAuth: SandboxJSON = .object([
        "username": .string("webhook_user"), "password": .string("webhook_password"), "_type": .string("BasicAuth"),
    ])
    static let tokenAuth: SandboxJSON = .object(["value": .string("tok-123"), "_type": .string("TokenAuth")])
    static let noAuth: SandboxJSON = .object(["_type": .string("NoAuth")])
}

extension SandboxClient {
    /// Creates a subscription through `POST /v1/webhooks`, in the organisation of `token`, and returns its `data`.
    func createSubscription(_ body: SandboxJSON, token: String = SandboxSeed.standardToken) async throws -> SandboxJSON {
        let response = try await send(.POST, "/v1/webhooks", json: body, authorization: token)
        guard response.status == 201, let data = response.json["data"] else {
            throw HarnessError("creating a webhook subscription answered \(response.status) \(response.text)")
        }
        return data
    }

    /// An end user and an imported, open genericapimessaging conversation of theirs, in `organization`.
    func openConversation(
        email: String = "ann@example.com",
        organization: SandboxOrganizationIDs = SandboxOrganizationIDs(number: 1)
    ) async throws -> Int64 {
        let requester = try await createEndUser(email: email, token: organization.token)
        return try await importConversation(requesterId: requester, organization: organization)
    }
}
