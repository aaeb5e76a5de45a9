import DixaSandbox
import Foundation
import Testing

@Suite("Webhook subscriptions")
struct WebhookSubscriptionTests {
    @Test("POST /v1/webhooks answers 201 with a WebhookSubscription: hex secret, rendered headers, echoed filters")
    func create() async throws {
        try await withSandbox { client throws in
            let body = WebhookExamples.subscription(url: "https://bot.example/hooks")
            let response = try await client.send(.POST, "/v1/webhooks", json: body)
            #expect(response.status == 201)
            let data = try #require(response.json["data"])
            let id = try #require(data["id"]?.stringValue)
            #expect(UUID(uuidString: id) != nil && id == id.lowercased())
            #expect(data["name"] == .string("Chatbot escalation"))
            #expect(data["url"] == .string("https://bot.example/hooks"))
            #expect(data["subscribedEvents"] == .array(WebhookExamples.escalationEvents.map(SandboxJSON.string)))
            #expect(data["enabled"] == .bool(true))
            let secret = try #require(data["secretKey"]?.stringValue)
            #expect(secret.count == 64 && secret.allSatisfy { $0.isHexDigit }, "64 hex characters: \(secret)")
            #expect(
                data["headers"]
                    == .object([
                        // base64("webhook_user:webhook_password"), the OpenAPI example's value.
                        "Authorization": .string("Basic d2ViaG9va191c2VyOndlYmhvb2tfcGFzc3dvcmQ="),
                        "X-Example-Header": .string("ExampleValue"),
                    ])
            )
            #expect(data["filters"] == WebhookExamples.channelFilter(["genericapimessaging"]))
            for key in ["createdAt", "updatedAt"] {
                let text = try #require(data[key]?.stringValue)
                #expect(text.hasSuffix("Z") && text.contains("T"), "\(key) is an ISO timestamp: \(text)")
            }
            #expect(data["createdBy"]?.stringValue.flatMap(UUID.init(uuidString:)) != nil)
            #expect(data["updatedBy"]?.stringValue.flatMap(UUID.init(uuidString:)) != nil)

            let stored = try #require(await client.sandbox.webhookSubscriptions().first)
            #expect(stored.id.uuidString.lowercased() == id)
            #expect(stored.secretKey == secret)
            #expect(stored.events == WebhookExamples.escalationEvents)
            #expect(stored.enabled)
        }
    }

    @Test("TokenAuth renders 'Bearer <value>', NoAuth no Authorization; enabled defaults to true; two secrets differ")
    func authorizationKinds() async throws {
        try await withSandbox { client throws in
            let token = try await client.createSubscription(
                WebhookExamples.subscription(url: "https://bot.example/a", authorization: WebhookExamples.tokenAuth)
                    .setting(["enabled"], to: nil)
            )
            #expect(token["headers"]?["Authorization"] == .string("Bearer tok-123"))
            #expect(token["enabled"] == .bool(true))
            let none = try await client.createSubscription(
                WebhookExamples.subscription(url: "https://bot.example/b", authorization: WebhookExamples.noAuth, filters: nil)
            )
            #expect(none["headers"] == .object(["X-Example-Header": .string("ExampleValue")]))
            #expect(none["secretKey"] != token["secretKey"])
        }
    }

    @Test(
        "bodies that do not decode into CreateWebhookSubscriptionInput are 400 'Invalid value for: body'",
        arguments: [
            ("no name", ["name"], nil),
            ("no url", ["url"], nil),
            ("no authorization", ["authorization"], nil),
            ("no customHeaders (required by the schema)", ["customHeaders"], nil),
            ("unknown key", ["secretKey"], .string("x")),
            ("name not a string", ["name"], .number(1)),
            ("events not an array", ["events"], .string("ConversationClosed")),
            ("unknown event", ["events", "0"], .string("MessageAdded")),
            ("authorization without _type", ["authorization", "_type"], nil),
            ("unknown authorization _type", ["authorization", "_type"], .string("OAuth")),
            ("BasicAuth without password", ["authorization", "password"], nil),
            ("custom header value not a string", ["customHeaders", "X-Example-Header"], .number(1)),
            ("enabled not a bool", ["enabled"], .string("yes")),
            ("filters key not an event type", ["filters", "Chat"], WebhookExamples.channelFilter(["email"])["Conversation"]),
            ("unknown strategy", ["filters", "Conversation", "strategy"], .string("Some")),
            ("no conditions", ["filters", "Conversation", "conditions"], .array([])),
            ("unknown condition field", ["filters", "Conversation", "conditions", "0", "field"], .string("Channel")),
            ("condition without _type", ["filters", "Conversation", "conditions", "0", "_type"], nil),
            ("condition without values", ["filters", "Conversation", "conditions", "0", "values"], .array([])),
            ("wrong filters _type", ["filters", "Conversation", "_type"], .string("Filters")),
        ] as [(String, [String], SandboxJSON?)]
    )
    func decodingFailures(_ problem: String, _ path: [String], _ value: SandboxJSON?) async throws {
        try await withSandbox { client throws in
            let body = WebhookExamples.subscription(url: "https://bot.example/hooks").setting(path, to: value)
            let response = try await client.send(.POST, "/v1/webhooks", json: body)
            #expect(response.status == 400, "\(problem)")
            #expect(response.message == "Invalid value for: body", "\(problem)")
            #expect(await client.sandbox.webhookSubscriptions().isEmpty)
        }
    }

    @Test(
        "decoded bodies that make no subscription are 400 'Validation failure during Webhook Subscription creation'",
        arguments: [
            ("repeated event (uniqueItems)", ["events"], .array([.string("ConversationClosed"), .string("ConversationClosed")])),
            ("relative url", ["url"], .string("/hooks")),
            ("ftp url", ["url"], .string("ftp://bot.example/hooks")),
            ("blank name", ["name"], .string("  ")),
            ("custom header overriding Dixa's", ["customHeaders", "X-Dixa-Signature"], .string("forged")),
        ] as [(String, [String], SandboxJSON?)]
    )
    func validationFailures(_ problem: String, _ path: [String], _ value: SandboxJSON?) async throws {
        try await withSandbox { client throws in
            let body = WebhookExamples.subscription(url: "https://bot.example/hooks").setting(path, to: value)
            let response = try await client.send(.POST, "/v1/webhooks", json: body)
            #expect(response.status == 400, "\(problem)")
            #expect(response.message == "Validation failure during Webhook Subscription creation", "\(problem)")
        }
    }

    @Test("a body that is not JSON is 400, and the endpoint needs the token")
    func notJSON() async throws {
        try await withSandbox { client throws in
            let response = try await client.send(.POST, "/v1/webhooks", body: "name=x")
            #expect(response.status == 400)
            #expect(response.message == "Invalid value for: body")
            let unauthorized = try await client.send(.GET, "/v1/webhooks", authorization: nil)
            #expect(unauthorized.status == 401)
        }
    }

    @Test("GET /v1/webhooks lists, GET by id finds, DELETE removes (204) and then 404s")
    func listGetDelete() async throws {
        try await withSandbox { client throws in
            #expect(try await client.send(.GET, "/v1/webhooks").json == .object(["data": .array([])]))
            let first = try await client.createSubscription(WebhookExamples.subscription(url: "https://bot.example/1"))
            let second = try await client.createSubscription(WebhookExamples.subscription(url: "https://bot.example/2"))
            let id = try #require(first["id"]?.stringValue)

            #expect(try await client.send(.GET, "/v1/webhooks").json == .object(["data": .array([first, second])]))
            #expect(try await client.send(.GET, "/v1/webhooks/\(id)").json == .object(["data": first]))

            #expect(try await client.send(.DELETE, "/v1/webhooks/\(id)").status == 204)
            #expect(try await client.send(.GET, "/v1/webhooks").json == .object(["data": .array([second])]))
            let gone = try await client.send(.GET, "/v1/webhooks/\(id)")
            #expect(gone.status == 404)
            #expect(gone.message == "The requested resource could not be found")
            #expect(try await client.send(.DELETE, "/v1/webhooks/\(id)").status == 404)

            let malformed = try await client.send(.GET, "/v1/webhooks/not-a-uuid")
            #expect(malformed.status == 400)
            #expect(malformed.message == "Invalid value for: path parameter webhookSubscriptionId")
        }
    }

    @Test("reset clears subscriptions; GET /_sandbox/webhooks shows them with their secret")
    func inspectionAndReset() async throws {
        try await withSandbox { client throws in
            let data = try await client.createSubscription(WebhookExamples.subscription(url: "https://bot.example/1"))
            let records = try await client.send(.GET, "/_sandbox/webhooks", authorization: nil).decode([SandboxWebhookSubscription].self)
            #expect(records.map(\.secretKey) == [data["secretKey"]?.stringValue])
            #expect(records.first?.headers["Authorization"] == "Basic d2ViaG9va191c2VyOndlYmhvb2tfcGFzc3dvcmQ=")
            #expect(try await client.send(.POST, "/_sandbox/reset", authorization: nil).status == 204)
            #expect(await client.sandbox.webhookSubscriptions().isEmpty)
        }
    }
}
