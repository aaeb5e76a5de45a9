import DixaAPI
import DixaSandbox
import Foundation
import Outbox
import PostgresNIO
import TestSupport
import Testing

/// The seed guide's whole sequence: the user asks for a human, the row goes in, import, transfer, the agent replies
/// and closes (signed webhooks into the table and NOTIFY), and the chatbot reopens.
@Suite("Escalation, end to end: sandbox webhooks, the receiver, the real database", .timeLimit(.minutes(3)))
struct EscalationFlowTests {
    static func environment(_ env: TestEnvironment) -> [String: String] {
        [
            "DATABASE_URL": env.databaseURL, "DIXA_API_TOKEN": TestEnvironment.token, "DIXA_BASE_URL": env.baseURL,
            "DIXA_AGENT_ID": TestEnvironment.botAgentID.uuidString,
        ]
    }

    func storedEvents(_ env: TestEnvironment, conversationID: Int64) async throws -> [(fqn: String, sourceKey: String?, text: String?)] {
        let rows = try await env.store.client.query(
            """
            SELECT event_fqn, source_key, text FROM dixa_conversation_events
            WHERE conversation_id = \(conversationID) ORDER BY received_at, event_id
            """,
            logger: env.logger
        )
        var events: [(fqn: String, sourceKey: String?, text: String?)] = []
        for try await (fqn, sourceKey, text) in rows.decode((String, String?, String?).self) { events.append((fqn, sourceKey, text)) }
        return events
    }

    @Test("ask for a human → insert → import → transfer (204) → agent replies → agent closes → reopen")
    func wholeSequence() async throws {
        try await TestEnvironment.with { env in
            try await ReceiverHarness.with(env) { receiver in
                // The receiver subscribes through the real binary, twice: one subscription, its secret stored.
                let first = try await CommandRunner.run(["webhooks", "install", "--url", receiver.url], environment: Self.environment(env))
                let second = try await CommandRunner.run(["webhooks", "install", "--url", receiver.url], environment: Self.environment(env))
                #expect(first.status == 0 && first.output.contains("created"), "\(first.output)")
                #expect(second.status == 0 && second.output.contains("already subscribed"), "\(second.output)")
                let subscriptions = await env.sandbox.webhookSubscriptions()
                #expect(subscriptions.count == 1)
                #expect(!first.output.contains(try #require(subscriptions.first).secretKey))
                #expect(try await env.count("SELECT count(*) FROM dixa_webhook_subscriptions") == 1)

                // 1-2. The user asks for a human; the chatbot inserts the row.
                try await env.enqueue("flow-1", Transcripts.simple(), kind: "escalate")
                // 3-4. Import, then transfer: Dixa answers 204.
                try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))
                let row = try await env.row("flow-1")
                #expect(row.state == "imported")
                let conversationID = try #require(row.conversationID)
                let transfer = await env.requests("PUT", "/v1/conversations/\(conversationID)/transfer/queue")
                #expect(transfer.map(\.status) == [204])
                #expect(await env.sandbox.conversations().first?.state == "Open")

                let notifications = try await NotificationCollector(env: env, channel: OutboxStore.conversationEventsChannel)
                // 5. The agent types and replies: TYPING_STARTED and MESSAGE_ADDED reach the table and the channel.
                let typing = try await env.sandbox.agentTyping(conversationID: conversationID)
                let reply = try await env.sandbox.agentMessage(conversationID: conversationID, text: "Hi Ann, Alex here. Let me check.")
                #expect((typing + reply).map(\.status) == [200, 200])
                #expect(try await notifications.wait(for: try #require(reply.first).eventID.dixaString))
                // The bot's own message is acknowledged and not stored.
                let own = try await env.sandbox.agentMessage(conversationID: conversationID, text: "bot echo", agentID: TestEnvironment.botAgentID)
                #expect(own.map(\.status) == [200])
                // 6. The agent closes: CONVERSATION_CLOSED.
                let closed = try await env.sandbox.agentCloses(conversationID: conversationID)
                #expect(try await notifications.wait(for: try #require(closed.first).eventID.dixaString))
                let events = try await storedEvents(env, conversationID: conversationID)
                #expect(events.map(\.fqn) == ["TYPING_STARTED", "CONVERSATION_MESSAGE_ADDED", "CONVERSATION_CLOSED"])
                #expect(events.allSatisfy { $0.sourceKey == "flow-1" })
                #expect(events[1].text == "Hi Ann, Alex here. Let me check.")
                #expect(await env.sandbox.conversations().first?.state == "Closed")
                await notifications.close()

                // 7. The user comes back: the chatbot asks for a reopen with a request row; the worker sends it.
                _ = try await env.count("INSERT INTO dixa_reopen_requests (conversation_id) VALUES (\(conversationID)) RETURNING 1")
                try await env.worker(TestEnvironment.escalationConfiguration()).drain()
                #expect(try await env.count("SELECT count(*) FROM dixa_reopen_requests WHERE state = 'done' AND done_at IS NOT NULL") == 1)
                #expect(await env.requests("PUT", "/v1/conversations/\(conversationID)/reopen").map(\.status) == [204])
                #expect(await env.sandbox.conversations().first?.state == "Open")
            }
        }
    }

    @Test("deliveries sent twice and out of order: each event stored once, all of them kept")
    func duplicatesAndDisorder() async throws {
        try await TestEnvironment.with { env in
            try await ReceiverHarness.with(env) { receiver in
                _ = try await CommandRunner.run(["webhooks", "install", "--url", receiver.url], environment: Self.environment(env))
                try await env.enqueue("flow-2", Transcripts.simple(), kind: "escalate")
                try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))
                let conversationID = try #require(try await env.row("flow-2").conversationID)
                await env.sandbox.setWebhookDelivery(SandboxDeliveryMode(duplicate: true, hold: true))
                _ = try await env.sandbox.agentMessage(conversationID: conversationID, text: "first")
                _ = try await env.sandbox.agentMessage(conversationID: conversationID, text: "second")
                _ = try await env.sandbox.agentCloses(conversationID: conversationID)
                let delivered = await env.sandbox.flushHeldDeliveries(reversed: true)
                #expect(delivered.count == 6 && delivered.allSatisfy { $0.status == 200 })
                #expect(delivered.first?.eventFQN == "CONVERSATION_CLOSED")
                let events = try await storedEvents(env, conversationID: conversationID)
                #expect(events.count == 3)
                #expect(Set(events.compactMap(\.text)) == ["first", "second"])
            }
        }
    }

    @Test("webhooks install with DIXA_WEBHOOK_BASIC_AUTH: Dixa sends Basic credentials, and the receiver requires them")
    func basicAuthorization() async throws {
        let expected = "Basic " + Data("hooks:pa55-word".utf8).base64EncodedString()
        try await TestEnvironment.with { env in
            try await ReceiverHarness.with(env, expectedAuthorization: expected) { receiver in
                var environment = Self.environment(env)
                environment["DIXA_WEBHOOK_BASIC_AUTH"] = "hooks:pa55-word"
                let install = try await CommandRunner.run(["webhooks", "install", "--url", receiver.url], environment: environment)
                #expect(install.status == 0 && !install.output.contains("pa55-word"), "\(install.output)")
                let subscription = try #require(await env.sandbox.webhookSubscriptions().first)
                #expect(subscription.headers["Authorization"] == expected)
                try await env.enqueue("flow-basic", Transcripts.simple(), kind: "escalate")
                try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))
                let conversationID = try #require(try await env.row("flow-basic").conversationID)
                let reply = try await env.sandbox.agentMessage(conversationID: conversationID, text: "with credentials")
                #expect(reply.map(\.status) == [200])
                // Without them, the same signed delivery is refused.
                let unsigned = try await receiver.deliver(
                    ReceiverHarness.event("CONVERSATION_CLOSED", conversationID: conversationID),
                    secret: subscription.secretKey,
                    subscriptionID: subscription.id
                )
                #expect(unsigned.status == 401)
            }
        }
    }

    @Test("reopen by hand: the binary reopens a closed conversation, and names the problem when Dixa refuses")
    func reopenCommand() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("flow-3", Transcripts.simple())
            try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))
            let conversationID = try #require(try await env.row("flow-3").conversationID)
            #expect(await env.sandbox.conversations().first?.state == "Closed")
            let reopened = try await CommandRunner.run(["reopen", "--conversation-id", "\(conversationID)"], environment: Self.environment(env))
            #expect(reopened.status == 0 && reopened.output.contains("reopened conversation \(conversationID)"))
            #expect(await env.sandbox.conversations().first?.state == "Open")
            let missing = try await CommandRunner.run(["reopen", "--conversation-id", "999999"], environment: Self.environment(env))
            #expect(missing.status == 1 && missing.output.contains("999999"))
            #expect(!missing.output.contains(TestEnvironment.token) || TestEnvironment.token.count < 4)
        }
    }

    @Test("a reopen request inserted while a drain is busy importing is sent before the drain runs out of rows")
    func reopenWhileBusy() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("busy-0", Transcripts.simple())
            var configuration = TestEnvironment.escalationConfiguration()
            configuration.reopenCheckInterval = .milliseconds(50)
            try await env.drainUntilSettled(env.worker(configuration))
            let conversationID = try #require(try await env.row("busy-0").conversationID)
            // 40 imports of 30 ms each, 4 at a time: the drain is busy for about 300 ms after the request arrives.
            await env.sandbox.setFaults([SandboxFaultRule(method: "POST", path: "/v1/conversations/import", delayMilliseconds: 30)])
            for index in 1...40 { try await env.enqueue("busy-\(index)", Transcripts.simple()) }
            let worker = env.worker(configuration)
            let drain = Task { try await worker.drain() }
            while try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'imported'") < 5 {
                try await Task.sleep(for: .milliseconds(5))
            }
            _ = try await env.count("INSERT INTO dixa_reopen_requests (conversation_id) VALUES (\(conversationID)) RETURNING 1")
            let summary = try await drain.value
            #expect(summary.imported == 40)
            // Looked for while rows flowed, not only at the start of the next pass: done before the last import was.
            let doneMidDrain = try await env.count(
                """
                SELECT count(*) FROM dixa_reopen_requests
                WHERE state = 'done' AND done_at < (SELECT max(imported_at) FROM dixa_outbox)
                """
            )
            #expect(doneMidDrain == 1)
            #expect(await env.requests("PUT", "/v1/conversations/\(conversationID)/reopen").map(\.status) == [204])
        }
    }

    @Test("a reopen request Dixa refuses is dead with the reason; the worker goes on")
    func reopenRequestRefused() async throws {
        try await TestEnvironment.with { env in
            _ = try await env.count("INSERT INTO dixa_reopen_requests (conversation_id) VALUES (424242) RETURNING 1")
            try await env.worker(TestEnvironment.escalationConfiguration()).drain()
            #expect(try await env.count("SELECT count(*) FROM dixa_reopen_requests WHERE state = 'dead' AND last_error LIKE '%404%'") == 1)
        }
    }
}
