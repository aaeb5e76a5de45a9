import DixaAPI
import Foundation
import Outbox
import PostgresNIO
import TestSupport
import Testing
import Webhooks

/// The receiver end of Dixa's webhooks: signatures, replays, duplicates, order, and the chatbot's view and NOTIFY.
@Suite("Webhook receiver: verified, stored once, announced to the chatbot", .timeLimit(.minutes(2)))
struct WebhookReceiverTests {
    static let secret = "6b65792d666f722d746573747321"

    @Test("the signature check agrees with an HMAC computed outside Swift (Python's hmac module)")
    func independentVector() throws {
        // python3: hmac.new(bytes.fromhex(secret), b'1764000000000.{"event_id":"x"}', hashlib.sha256).hexdigest()
        let expected = "111d6125d3eb10ed83ac918ff98079d42ef8eb10671b6608bee73ec5b142159e"
        let body = Array(#"{"event_id":"x"}"#.utf8)
        let signedAt = Date(timeIntervalSince1970: 1_764_000_000)
        let signature = try WebhookSignature(header: "t=1764000000000,v1=\(expected)")
        try signature.verify(body: body, secretKey: Self.secret, now: signedAt, tolerance: .seconds(300))
        #expect(throws: WebhookSignature.Failure.mismatch) {
            try signature.verify(body: Array(#"{"event_id":"y"}"#.utf8), secretKey: Self.secret, now: signedAt, tolerance: .seconds(300))
        }
        #expect(throws: WebhookSignature.Failure.stale) {
            try signature.verify(body: body, secretKey: Self.secret, now: signedAt + 301, tolerance: .seconds(300))
        }
        #expect(throws: WebhookSignature.Failure.malformed) { try WebhookSignature(header: "v1=\(expected)") }
        #expect(throws: WebhookSignature.Failure.missing) { try WebhookSignature(header: nil) }
    }

    @Test("an agent's reply is stored once, shows in the view with its outbox row, and notifies the chatbot's channel")
    func replyStoredAndAnnounced() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("chat-7", Transcripts.simple(), kind: "escalate")
            var configuration = TestEnvironment.escalationConfiguration()
            configuration.concurrency = 1
            try await env.drainUntilSettled(env.worker(configuration))
            let conversationID = try #require(try await env.row("chat-7").conversationID)
            let subscription = UUID()
            try await env.store.saveWebhookSubscription(id: subscription, url: "http://x", secret: .plain(Self.secret), events: [])

            let listener = try await PostgresConnection.connect(
                configuration: PostgresConnection.Configuration.single(try DatabaseURL.configuration(from: env.databaseURL)),
                id: 9,
                logger: env.logger
            )
            defer { Task { try? await listener.close() } }
            var notifications = try await listener.listen(OutboxStore.conversationEventsChannel).makeAsyncIterator()

            let eventID = UUID()
            try await ReceiverHarness.with(env) { receiver in
                let body = ReceiverHarness.event("CONVERSATION_MESSAGE_ADDED", id: eventID, conversationID: conversationID)
                let first = try await receiver.deliver(body, secret: Self.secret, subscriptionID: subscription)
                let again = try await receiver.deliver(body, secret: Self.secret, subscriptionID: subscription)
                #expect(first.status == 200 && first.message == "stored")
                #expect(again.status == 200 && again.message == "duplicate")
                #expect(try await env.count("SELECT count(*) FROM dixa_webhook_events") == 1)
                let view = try await env.store.client.query(
                    "SELECT source_key, event_fqn, text, author_type FROM dixa_conversation_events WHERE event_id = \(eventID)",
                    logger: env.logger
                )
                var seen = false
                for try await (sourceKey, fqn, text, authorType) in view.decode((String?, String, String?, String?).self) {
                    #expect(sourceKey == "chat-7" && fqn == "CONVERSATION_MESSAGE_ADDED")
                    #expect(text == "Hello, I am Alex from support." && authorType == "Member")
                    seen = true
                }
                #expect(seen)
            }
            // Announced with the event id (the trigger fires per stored row, and the row was stored once).
            let announced = try await notifications.next()
            #expect(announced?.payload == eventID.dixaString)
        }
    }

    @Test("forged, stale, malformed, unsigned and unknown-subscription deliveries are refused with 401 and store nothing")
    func refusals() async throws {
        try await TestEnvironment.with { env in
            let subscription = UUID()
            try await env.store.saveWebhookSubscription(id: subscription, url: "http://x", secret: .plain(Self.secret), events: [])
            try await ReceiverHarness.with(env) { receiver in
                let body = ReceiverHarness.event("CONVERSATION_CLOSED", conversationID: 1000)
                let forged = try await receiver.deliver(body, secret: "00112233445566778899aabbccddeeff", subscriptionID: subscription)
                let stale = try await receiver.deliver(body, secret: Self.secret, subscriptionID: subscription, signedAt: Date() - 600)
                let future = try await receiver.deliver(body, secret: Self.secret, subscriptionID: subscription, signedAt: Date() + 600)
                let malformed = try await receiver.deliver(body, secret: nil, subscriptionID: subscription, signature: "sha256=abc")
                let unsigned = try await receiver.deliver(body, secret: nil, subscriptionID: subscription)
                let unknown = try await receiver.deliver(body, secret: Self.secret, subscriptionID: UUID())
                let tampered = try await receiver.deliver(
                    body,
                    secret: nil,
                    subscriptionID: subscription,
                    signature: WebhookSignature.header(
                        timestamp: String(Int64(Date().timeIntervalSince1970 * 1000)),
                        body: Array(body.replacingOccurrences(of: "1000", with: "1001").utf8),
                        secretKey: Self.secret
                    )
                )
                for (answer, reason) in [
                    (forged, "does not match"), (stale, "tolerance"), (future, "tolerance"), (malformed, "not t=<ms>,v1=<hex>"),
                    (unsigned, "missing"), (unknown, "unknown subscription"), (tampered, "does not match"),
                ] {
                    #expect(answer.status == 401 && answer.message.contains(reason), "\(answer)")
                }
                #expect(try await env.count("SELECT count(*) FROM dixa_webhook_events") == 0)
                // The secret never appears in what the receiver says or logs.
                #expect(!env.logs.entries.contains { "\($0)".contains(Self.secret) })
            }
        }
    }

    @Test("with a webhook token, a delivery needs Authorization: Bearer <token> as well as a good signature")
    func authorizationRequired() async throws {
        try await TestEnvironment.with { env in
            try await ReceiverHarness.with(env, secret: Self.secret, authorizationToken: "hook-token") { receiver in
                let body = ReceiverHarness.event("TYPING_STARTED", conversationID: 1000)
                let without = try await receiver.deliver(body, secret: Self.secret)
                let wrong = try await receiver.deliver(body, secret: Self.secret, authorization: "Bearer nope")
                let right = try await receiver.deliver(body, secret: Self.secret, authorization: "Bearer hook-token")
                #expect(without.status == 401 && wrong.status == 401)
                #expect(right.status == 200 && right.message == "stored")
            }
        }
    }

    @Test("out-of-order deliveries are all kept, and read back in event order; the bot's own messages and other events are not stored")
    func orderAndSkips() async throws {
        try await TestEnvironment.with { env in
            try await ReceiverHarness.with(env, secret: Self.secret) { receiver in
                let closed = ReceiverHarness.event("CONVERSATION_CLOSED", conversationID: 1000, at: "2026-11-24T12:05:00.000Z")
                let reply = ReceiverHarness.event("CONVERSATION_MESSAGE_ADDED", conversationID: 1000, at: "2026-11-24T12:01:00.000Z")
                let own = ReceiverHarness.event("CONVERSATION_MESSAGE_ADDED", conversationID: 1000, author: TestEnvironment.botAgentID)
                let other = ReceiverHarness.event("CONVERSATION_CREATED", conversationID: 1000)
                #expect(try await receiver.deliver(closed, secret: Self.secret).status == 200)
                #expect(try await receiver.deliver(reply, secret: Self.secret).status == 200)
                #expect(try await receiver.deliver(own, secret: Self.secret).message.contains("bot wrote this message"))
                #expect(try await receiver.deliver(other, secret: Self.secret).message.contains("ignored"))
                let rows = try await env.store.client.query(
                    "SELECT event_fqn FROM dixa_conversation_events WHERE conversation_id = 1000 ORDER BY event_timestamp",
                    logger: env.logger
                )
                var order: [String] = []
                for try await fqn in rows.decode(String.self) { order.append(fqn) }
                #expect(order == ["CONVERSATION_MESSAGE_ADDED", "CONVERSATION_CLOSED"])
            }
        }
    }

    @Test("event_timestamp is stored exactly as Dixa sent it, for every millisecond value")
    func timestampsExact() async throws {
        try await TestEnvironment.with { env in
            try await ReceiverHarness.with(env, secret: Self.secret) { receiver in
                // 200 consecutive milliseconds: through a floating-point `Date`, about a third came out 1 µs early.
                let sent = (600..<800).map { "2026-11-24T18:04:40.\($0)Z" }
                for timestamp in sent {
                    let event = ReceiverHarness.event("CONVERSATION_MESSAGE_ADDED", conversationID: 2000, at: timestamp)
                    #expect(try await receiver.deliver(event, secret: Self.secret).status == 200)
                }
                let rows = try await env.store.client.query(
                    """
                    SELECT payload->>'event_timestamp',
                           to_char(event_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                           event_timestamp = (payload->>'event_timestamp')::timestamptz
                    FROM dixa_webhook_events WHERE conversation_id = 2000
                    """,
                    logger: env.logger
                )
                var stored: [String: (text: String, equal: Bool)] = [:]
                for try await (original, text, equal) in rows.decode((String, String, Bool).self) { stored[original] = (text, equal) }
                #expect(stored.count == sent.count)
                let moved = stored.filter { original, value in
                    !value.equal || value.text + "Z" != original.replacingOccurrences(of: "Z", with: "000Z")
                }
                #expect(moved.count == 0, "stored differently from what Dixa sent: \(moved.prefix(5).map { "\($0.key) as \($0.value.text)" })")
            }
        }
    }
}
