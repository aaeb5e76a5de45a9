import DixaSandbox
import Foundation
import Testing

@Suite("Webhook deliveries")
struct WebhookDeliveryTests {
    @Test("an agent's message reaches the subscriber signed, with Dixa's headers and the snake_case envelope")
    func messageAdded() async throws {
        try await withSandbox { client throws in
            try await withWebhookReceiver { receiver throws in
                let subscription = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url()))
                let subscriptionID = try #require(subscription["id"]?.stringValue)
                let secret = try #require(subscription["secretKey"]?.stringValue)
                let id = try await client.openConversation(email: "ann@example.com")
                let transfer = #"{"queueId":"\#(SandboxSeed.supportQueueID.uuidString)"}"#
                #expect(try await client.send(.PUT, "/v1/conversations/\(id)/transfer/queue", body: transfer).status == 204)

                let deliveries = try await client.sandbox.agentMessage(conversationID: id, text: "Hi, I'm Human Agent. How can I help?")
                let delivery = try #require(deliveries.first)
                #expect(deliveries.count == 1)
                #expect(delivery.subscriptionID.uuidString.lowercased() == subscriptionID)
                #expect(delivery.eventFQN == "CONVERSATION_MESSAGE_ADDED")
                #expect(delivery.conversationID == id)
                #expect(delivery.url == receiver.url())
                #expect(delivery.status == 200)
                #expect(await client.sandbox.webhookDeliveries() == deliveries)

                let received = await receiver.received()
                let request = try #require(received.first)
                #expect(received.count == 1)
                #expect(request.path == "/hooks/dixa")
                #expect(request.header("Content-Type") == "application/json")
                #expect(request.header("X-DIXA-SUBSCRIPTION-ID") == subscriptionID)
                #expect(request.header("Authorization") == "Basic d2ViaG9va191c2VyOndlYmhvb2tfcGFzc3dvcmQ=")
                #expect(request.header("X-Example-Header") == "ExampleValue")

                let signature = try #require(DixaSignature(request.header("X-DIXA-SIGNATURE")))
                #expect(signature.verifies(body: request.body, secretKey: secret))
                #expect(signature.timestamp.count == 13 && Int64(signature.timestamp) != nil, "a millisecond epoch: \(signature.timestamp)")
                #expect(signature.v1.count == 64)
                let keyedWithText = HMACSHA256.mac(key: Array(secret.utf8), message: Array("\(signature.timestamp).".utf8) + Array(request.body))
                #expect(keyedWithText.hex != signature.v1, "the key is the hex-decoded secret, not its text")

                let envelope = request.json
                #expect(envelope.keys == ["data", "event_fqn", "event_id", "event_timestamp", "event_version", "organization"])
                #expect(envelope["event_id"]?.stringValue?.lowercased() == delivery.eventID.uuidString.lowercased())
                #expect(envelope["event_fqn"] == .string("CONVERSATION_MESSAGE_ADDED"))
                #expect(envelope["event_version"] == .string("1"))
                #expect(envelope["event_timestamp"]?.stringValue?.isISOMillisecondsZ == true)
                #expect(envelope["organization"]?.keys == ["id", "name"])

                let data = try #require(envelope["data"])
                #expect(
                    data.keys == [
                        "attachments", "author", "channel", "content", "conversation", "created_at", "direction", "external_id",
                        "message_id", "text",
                    ]
                )
                #expect(data["text"] == .string("Hi, I'm Human Agent. How can I help?"))
                #expect(data["direction"] == .string("outbound"))
                #expect(data["channel"] == .string("GENERICAPIMESSAGING"))
                #expect(data["attachments"] == .array([]))
                #expect(data["external_id"] == .null)
                #expect(data["message_id"]?.stringValue.flatMap(UUID.init(uuidString:)) != nil)
                #expect(data["created_at"]?.stringValue?.isISOMillisecondsZ == true)
                #expect(
                    data["content"]
                        == .object([
                            "text": .string("Hi, I'm Human Agent. How can I help?"), "content_type": .string("Text"),
                            "original_content_url": .null, "processed_content_url": .null,
                        ])
                )
                #expect(data["author"] == humanAgentUser)

                let conversation = try #require(data["conversation"])
                #expect(
                    conversation.keys == [
                        "assignee", "channel", "contact_point", "created_at", "csid", "direction", "queue", "requester", "status", "subject",
                        "tags",
                    ]
                )
                #expect(String(decoding: request.body, as: UTF8.self).contains(#""csid":\#(id)"#), "csid is an integer")
                #expect(conversation["channel"] == .string("GENERICAPIMESSAGING"))
                #expect(conversation["status"] == .string("OPEN"))
                #expect(conversation["direction"] == .string("INBOUND"))
                #expect(
                    conversation["queue"]
                        == .object(["id": .string(SandboxSeed.supportQueueID.uuidString.lowercased()), "name": .string("Support")])
                )
                #expect(conversation["assignee"] == humanAgentUser, "the replying agent has the conversation")
                #expect(conversation["requester"]?["user_type"] == .string("Contact"))
                #expect(conversation["requester"]?["email"] == .string("ann@example.com"))
                #expect(conversation["tags"] == .array([]))
                #expect(conversation["created_at"] == .string("2021-12-01T11:00:00.001Z"))
            }
        }
    }

    @Test("before a transfer the conversation's queue is null; the bot's own message names the bot as author")
    func botMessage() async throws {
        try await withSandbox { client throws in
            try await withWebhookReceiver { receiver throws in
                _ = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url()))
                let id = try await client.openConversation()
                _ = try await client.sandbox.agentMessage(conversationID: id, text: "beep", agentID: SandboxSeed.botAgentID)
                let data = try #require(await receiver.received().first?.json["data"])
                #expect(data["author"]?["id"] == .string(SandboxSeed.botAgentID.uuidString.lowercased()))
                #expect(data["author"]?["user_type"] == .string("Member"))
                #expect(data["conversation"]?["queue"] == .null)
            }
        }
    }

    @Test("closing (by an agent or PUT /close) sends CONVERSATION_CLOSED; typing sends TYPING_STARTED with the agent")
    func closedAndTyping() async throws {
        try await withSandbox { client throws in
            try await withWebhookReceiver { receiver throws in
                let subscription = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url()))
                let secret = try #require(subscription["secretKey"]?.stringValue)
                let id = try await client.openConversation()

                let typing = try await client.sandbox.agentTyping(conversationID: id)
                #expect(typing.map(\.eventFQN) == ["TYPING_STARTED"])
                let closed = try await client.sandbox.agentCloses(conversationID: id)
                #expect(closed.map(\.eventFQN) == ["CONVERSATION_CLOSED"])
                #expect(try await client.conversationRecords().first?.state == "Closed")
                #expect(try await client.send(.PUT, "/v1/conversations/\(id)/reopen").status == 204)
                #expect(try await client.send(.PUT, "/v1/conversations/\(id)/close").status == 204)

                let received = await receiver.received()
                #expect(
                    received.map { $0.json["event_fqn"] } == ["TYPING_STARTED", "CONVERSATION_CLOSED", "CONVERSATION_CLOSED"].map(SandboxJSON.string)
                )
                #expect(received.allSatisfy { DixaSignature($0.header("X-DIXA-SIGNATURE"))?.verifies(body: $0.body, secretKey: secret) == true })
                let typingData = try #require(received.first?.json["data"])
                #expect(typingData.keys == ["agent", "conversation"])
                #expect(typingData["agent"] == humanAgentUser)
                let closedData = try #require(received.last?.json["data"])
                #expect(closedData.keys == ["conversation"])
                #expect(closedData["conversation"]?["status"] == .string("CLOSED"))
                #expect(closedData["conversation"]?["csid"] == .number(Double(id)))
            }
        }
    }

    @Test("only subscribed events of enabled subscriptions are delivered")
    func unsubscribed() async throws {
        try await withSandbox { client throws in
            try await withWebhookReceiver { receiver throws in
                _ = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url("closed"), events: ["ConversationClosed"]))
                _ = try await client.createSubscription(
                    WebhookExamples.subscription(url: receiver.url("disabled")).setting(["enabled"], to: .bool(false))
                )
                let id = try await client.openConversation()
                #expect(try await client.sandbox.agentMessage(conversationID: id, text: "hello").isEmpty)
                #expect(try await client.sandbox.agentTyping(conversationID: id).isEmpty)
                let closed = try await client.sandbox.agentCloses(conversationID: id)
                #expect(closed.map(\.url) == [receiver.url("closed")])
                #expect(await receiver.received().map(\.path) == ["/hooks/closed"])
            }
        }
    }

    @Test("an InitialChannel filter admits or refuses by the conversation's channel; a deleted subscription gets nothing")
    func filters() async throws {
        try await withSandbox { client throws in
            try await withWebhookReceiver { receiver throws in
                let subscriptions: [(String, SandboxJSON?)] = [
                    ("generic", WebhookExamples.channelFilter(["genericapimessaging"])),
                    ("email-only", WebhookExamples.channelFilter(["email"])),
                    ("not-email", WebhookExamples.channelFilter(["email"], isOneOf: false)),
                    ("unfiltered", nil),
                ]
                for (name, filters) in subscriptions {
                    _ = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url(name), filters: filters))
                }
                let deleted = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url("deleted")))
                #expect(try await client.send(.DELETE, "/v1/webhooks/\(deleted["id"]?.stringValue ?? "")").status == 204)

                let generic = try await client.openConversation(email: "ann@example.com")
                let requester = try await client.createEndUser(email: "bob@example.com")
                let email = try await client.send(.POST, "/v1/conversations/import", json: ImportExamples.email(requesterId: requester))
                let emailID = Int64(try #require(email.json["data"]?["id"]?.numberValue))

                let toGeneric = try await client.sandbox.agentMessage(conversationID: generic, text: "hi")
                #expect(Set(toGeneric.map(\.url)) == Set(["generic", "not-email", "unfiltered"].map { receiver.url($0) }))
                let toEmail = try await client.sandbox.agentMessage(conversationID: emailID, text: "hi")
                #expect(Set(toEmail.map(\.url)) == Set(["email-only", "unfiltered"].map { receiver.url($0) }))
            }
        }
    }

    @Test("a QueueId condition follows transfers; strategy Any needs one condition, All every one")
    func queueFilterAndStrategy() async throws {
        try await withSandbox { client throws in
            try await withWebhookReceiver { receiver throws in
                let billing = SandboxSeed.billingQueueID.uuidString.lowercased()
                func filter(_ strategy: String) -> SandboxJSON {
                    .object([
                        "ConversationMessageAdded": .object([
                            "strategy": .string(strategy),
                            "conditions": .array([
                                .object(["field": .string("QueueId"), "values": .array([.string(billing)]), "_type": .string("IsOneOf")]),
                                .object(["field": .string("InitialChannel"), "values": .array([.string("email")]), "_type": .string("IsOneOf")]),
                            ]),
                        ])
                    ])
                }
                _ = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url("any"), filters: filter("Any")))
                _ = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url("all"), filters: filter("All")))
                let id = try await client.openConversation()

                #expect(try await client.sandbox.agentMessage(conversationID: id, text: "before").isEmpty, "no queue, not email")
                let transfer = #"{"queueId":"\#(billing)"}"#
                #expect(try await client.send(.PUT, "/v1/conversations/\(id)/transfer/queue", body: transfer).status == 204)
                let after = try await client.sandbox.agentMessage(conversationID: id, text: "after")
                #expect(after.map(\.url) == [receiver.url("any")], "in Billing but not email: Any passes, All does not")
                #expect(try await client.sandbox.agentCloses(conversationID: id).count == 2, "the filters are keyed to MessageAdded only")
            }
        }
    }

    @Test("duplicate mode sends each event twice: same body and event_id, each validly signed")
    func duplicate() async throws {
        try await withSandbox { client throws in
            try await withWebhookReceiver { receiver throws in
                let subscription = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url()))
                let secret = try #require(subscription["secretKey"]?.stringValue)
                let id = try await client.openConversation()
                await client.sandbox.setWebhookDelivery(SandboxDeliveryMode(duplicate: true))

                let deliveries = try await client.sandbox.agentMessage(conversationID: id, text: "twice")
                #expect(deliveries.count == 2)
                #expect(Set(deliveries.map(\.eventID)).count == 1)
                let received = await receiver.received()
                #expect(received.count == 2)
                #expect(received.first?.body == received.last?.body)
                for request in received {
                    #expect(DixaSignature(request.header("X-DIXA-SIGNATURE"))?.verifies(body: request.body, secretKey: secret) == true)
                }
            }
        }
    }

    @Test("hold mode queues events; flushing reversed delivers them newest first, once")
    func heldAndReversed() async throws {
        try await withSandbox { client throws in
            try await withWebhookReceiver { receiver throws in
                _ = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url()))
                let id = try await client.openConversation()
                await client.sandbox.setWebhookDelivery(SandboxDeliveryMode(hold: true))

                #expect(try await client.sandbox.agentMessage(conversationID: id, text: "one").isEmpty)
                #expect(try await client.sandbox.agentMessage(conversationID: id, text: "two").isEmpty)
                #expect(try await client.sandbox.agentCloses(conversationID: id).isEmpty)
                #expect(await receiver.received().isEmpty)
                #expect(await client.sandbox.webhookDeliveries().isEmpty)

                await client.sandbox.setWebhookDelivery(SandboxDeliveryMode())
                let flushed = await client.sandbox.flushHeldDeliveries(reversed: true)
                #expect(flushed.map(\.eventFQN) == ["CONVERSATION_CLOSED", "CONVERSATION_MESSAGE_ADDED", "CONVERSATION_MESSAGE_ADDED"])
                let received = await receiver.received()
                #expect(received.map { $0.json["data"]?["text"] ?? .null } == [.null, .string("two"), .string("one")])
                #expect(await client.sandbox.flushHeldDeliveries(reversed: false).isEmpty, "held events go out once")
            }
        }
    }

    @Test("a receiver that does not answer is recorded with status nil; an error status is recorded as is")
    func failingReceivers() async throws {
        try await withSandbox { client throws in
            try await withWebhookReceiver(status: .internalServerError) { receiver throws in
                _ = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url()))
                // Port 9 (discard) on loopback: nothing listens there in a test environment, so the connection is refused.
                _ = try await client.createSubscription(WebhookExamples.subscription(url: "http://127.0.0.1:9/hooks"))
                let id = try await client.openConversation()
                let deliveries = try await client.sandbox.agentMessage(conversationID: id, text: "anyone?")
                #expect(deliveries.map(\.status) == [500, nil])
            }
        }
    }

    @Test("agent actions refuse an unknown conversation (404) or agent (400 User not found)")
    func unknownTargets() async throws {
        try await withSandbox { client throws in
            await #expect(throws: SandboxActionError(status: 404, message: "The requested resource could not be found")) {
                try await client.sandbox.agentMessage(conversationID: 424_242, text: "hi")
            }
            let id = try await client.openConversation()
            await #expect(throws: SandboxActionError(status: 400, message: "User not found")) {
                try await client.sandbox.agentTyping(conversationID: id, agentID: UUID())
            }
            await #expect(throws: SandboxActionError.self) { try await client.sandbox.agentCloses(conversationID: 424_242) }
            #expect(try await client.conversationRecords().first?.state == "Open")
        }
    }

    @Test("the /_sandbox routes mirror the Swift API")
    func adminRoutes() async throws {
        try await withSandbox { client throws in
            try await withWebhookReceiver { receiver throws in
                _ = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url()))
                let id = try await client.openConversation()
                let base = "/_sandbox/conversations/\(id)"

                let message = try await client.send(.POST, "\(base)/agent-message", body: #"{"text":"hello"}"#, authorization: nil)
                #expect(message.status == 200)
                #expect(try message.decode([SandboxDelivery].self).map(\.eventFQN) == ["CONVERSATION_MESSAGE_ADDED"])

                let mode = try await client.send(.POST, "/_sandbox/webhooks/delivery-mode", body: #"{"hold":true}"#, authorization: nil)
                #expect(try mode.decode(SandboxDeliveryMode.self) == SandboxDeliveryMode(hold: true))
                let bot = #"{"agentId":"\#(SandboxSeed.botAgentID.uuidString)"}"#
                #expect(try await client.send(.POST, "\(base)/agent-typing", body: bot, authorization: nil).json == .array([]))
                #expect(try await client.send(.POST, "\(base)/agent-close", authorization: nil).json == .array([]))
                _ = try await client.send(.POST, "/_sandbox/webhooks/delivery-mode", body: "{}", authorization: nil)

                let flushed = try await client.send(.POST, "/_sandbox/webhooks/flush", body: #"{"reversed":true}"#, authorization: nil)
                #expect(try flushed.decode([SandboxDelivery].self).map(\.eventFQN) == ["CONVERSATION_CLOSED", "TYPING_STARTED"])
                let all = try await client.send(.GET, "/_sandbox/webhooks/deliveries", authorization: nil).decode([SandboxDelivery].self)
                #expect(all.count == 3)
                #expect(all == (await client.sandbox.webhookDeliveries()))
                #expect(await receiver.received().last?.json["data"]?["agent"]?["id"] == .string(SandboxSeed.botAgentID.uuidString.lowercased()))

                let missing = try await client.send(.POST, "/_sandbox/conversations/999999/agent-close", authorization: nil)
                #expect(missing.status == 404)
                let noText = try await client.send(.POST, "\(base)/agent-message", body: "{}", authorization: nil)
                #expect(noText.status == 400)

                #expect(try await client.send(.POST, "/_sandbox/reset", authorization: nil).status == 204)
                #expect(await client.sandbox.webhookDeliveries().isEmpty)
                #expect(await client.sandbox.webhookSubscriptions().isEmpty)
            }
        }
    }
}

/// The standard seed's human agent as a webhook `User`.
private let humanAgentUser: SandboxJSON = .object([
    "id": .string(SandboxSeed.humanAgentID.uuidString.lowercased()),
    "name": .string("Human Agent"),
    "email": .string("agent@sandbox.dixa.invalid"),
    "phone": .null,
    "roles": .array([.string("Agent")]),
    "user_type": .string("Member"),
])

extension SandboxJSON {
    /// The member names of an object, sorted; empty otherwise.
    var keys: [String] { objectValue?.keys.sorted() ?? [] }
}

extension String {
    /// `2025-09-04T16:11:44.847Z`.
    var isISOMillisecondsZ: Bool {
        range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression) != nil
    }
}
