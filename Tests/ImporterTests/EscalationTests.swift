import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Outbox
import PostgresNIO
import TestSupport
import Testing

/// `kind = 'escalate'`: imported open, then transferred to a human queue, each step its own checkpoint.
@Suite("Escalations: imported open, then transferred to a human queue")
struct EscalationTests {
    func transferredQueue(_ env: TestEnvironment, _ sourceKey: String) async throws -> (UUID?, Bool) {
        let rows = try await env.store.client.query(
            "SELECT transferred_queue_id, transferred_at IS NOT NULL FROM dixa_outbox WHERE source_key = \(sourceKey)",
            logger: env.logger
        )
        for try await pair in rows.decode((UUID?, Bool).self) { return pair }
        throw TestFailure("no row \(sourceKey)")
    }

    @Test("an escalation is imported open and lands in the default queue; a closed import is not transferred")
    func escalationToDefaultQueue() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("esc-1", Transcripts.simple(), kind: "escalate")
            try await env.enqueue("closed-1", Transcripts.simple(email: "bo@example.com"))
            try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))

            let conversations = await env.sandbox.conversations()
            let escalated = try #require(conversations.first { $0.externalId == "esc-1" })
            let closed = try #require(conversations.first { $0.externalId == "closed-1" })
            #expect(escalated.state == "Open")
            #expect(escalated.queueId == SandboxSeed.supportQueueID.dixaString)
            #expect(closed.state == "Closed")
            #expect(closed.queueId == nil)
            #expect(try await env.row("esc-1").state == "imported")
            let (queue, transferred) = try await transferredQueue(env, "esc-1")
            #expect(queue == SandboxSeed.supportQueueID && transferred)
            // The import carried no closing, and the requester stays connected for the agent to answer.
            let body = try #require(escalated.request.objectValue)
            #expect(body["closing"] == nil)
            #expect(body["requesterConnectionStatus"]?.stringValue == "Connected")
            #expect(await env.requests("PUT", "/v1/conversations/\(escalated.id)/transfer/queue").count == 1)
            #expect(await env.requests("PUT").count == 1)
        }
    }

    @Test("the transcript's queueId wins over the default queue")
    func transcriptQueueWins() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("esc-billing", Transcripts.simple(queueID: SandboxSeed.billingQueueID.uuidString), kind: "escalate")
            try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))
            let conversation = try #require(await env.sandbox.conversations().first)
            #expect(conversation.queueId == SandboxSeed.billingQueueID.dixaString)
        }
    }

    @Test("a queueId that is not a UUID is refused at INSERT, with the same message the worker would give")
    func badQueueIDRefused() async throws {
        try await TestEnvironment.with { env in
            let json = Transcripts.simple(queueID: "support")
            let result = try await env.store.enqueue(sourceKey: "bad-queue", kind: "escalate", transcriptJSON: json)
            guard case .refused(let message) = result else {
                Issue.record("expected a refusal, got \(result)")
                return
            }
            #expect(message.contains("transcript.queueId must be a queue UUID string"))
            #expect(throws: TranscriptError("transcript.queueId must be a queue UUID string")) { try Transcript.parse(json) }
            #expect(try Transcript.parse(Transcripts.simple(queueID: SandboxSeed.billingQueueID.uuidString)).queueID == SandboxSeed.billingQueueID)
        }
    }

    @Test("a failed transfer is retried alone: the conversation is imported once and transferred once")
    func transferIsItsOwnCheckpoint() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("esc-retry", Transcripts.simple(), kind: "escalate")
            await env.sandbox.setFaults([SandboxFaultRule(method: "PUT", path: "/v1/conversations/", times: 2, status: 500)])
            try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))
            #expect(await env.sandbox.conversations().count == 1)
            #expect(await env.requests("POST", "/v1/conversations/import").count == 1)
            #expect(await env.requests("PUT").filter { $0.status == 204 }.count == 1)
            let row = try await env.row("esc-retry")
            #expect(row.state == "imported" && row.attempts == 3)
        }
    }

    @Test("Queue does not exist halts: attempts unchanged, nothing dead, the row waits for the fix")
    func unknownQueueHalts() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("esc-nowhere", Transcripts.simple(), kind: "escalate")
            let unknown = UUID()
            let summary = try await env.worker(TestEnvironment.escalationConfiguration(defaultQueue: unknown)).drain()
            let halt = try #require(summary.halt)
            #expect(halt.cause.contains("Queue does not exist"))
            // The queue, where it came from, and the row it failed on.
            #expect(halt.cause.contains(unknown.dixaString))
            #expect(halt.cause.contains("DIXA_QUEUE_ID"))
            #expect(halt.cause.contains("esc-nowhere"))
            #expect(halt.remedy.contains("DIXA_QUEUE_ID"))
            let row = try await env.row("esc-nowhere")
            #expect(row.state == "pending" && row.attempts == 0)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'dead'") == 0)
            // Fixed configuration: the same row goes on from its checkpoint, imported once.
            try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))
            #expect(try await env.row("esc-nowhere").state == "imported")
            #expect(await env.requests("POST", "/v1/conversations/import").count == 1)
        }
    }

    @Test("a queueId Dixa does not know, from the row's transcript, fails that row alone; the rows around it go through")
    func unknownRowQueueIsDead() async throws {
        try await TestEnvironment.with { env in
            let unknown = UUID()
            try await env.enqueue("esc-before", Transcripts.simple(email: "a@example.com"), kind: "escalate")
            try await env.enqueue("esc-typo", Transcripts.simple(email: "b@example.com", queueID: unknown.uuidString), kind: "escalate")
            try await env.enqueue("esc-after", Transcripts.simple(email: "c@example.com"), kind: "escalate")
            let summary = try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))
            #expect(summary.halt == nil)
            #expect(try await env.row("esc-before").state == "imported")
            #expect(try await env.row("esc-after").state == "imported")
            let row = try await env.row("esc-typo")
            #expect(row.state == "dead" && row.attempts == 1)
            #expect(row.lastErrorCode == "unknown_queue")
            let message = try #require(row.lastError)
            #expect(message.contains(unknown.dixaString))
            #expect(message.contains("the row's queueId"))
            #expect(message.contains("esc-typo"))
            #expect(message.contains("Queue does not exist"))
            #expect(!message.contains("set DIXA_QUEUE_ID"))
            // Imported once and left open for the transfer: a fixed queueId and a requeue finish it from there.
            #expect(await env.sandbox.conversations().count == 3)
            _ = try await env.store.client.query(
                "UPDATE dixa_outbox SET transcript = jsonb_set(transcript, '{queueId}', to_jsonb(\(SandboxSeed.billingQueueID.uuidString)::text)) WHERE source_key = 'esc-typo'",
                logger: env.logger
            )
            _ = try await env.store.requeue(.sourceKey("esc-typo"), dryRun: false)
            try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))
            #expect(try await env.row("esc-typo").state == "imported")
            #expect(await env.requests("POST", "/v1/conversations/import").count == 3)
            let moved = try #require(await env.sandbox.conversations().first { $0.externalId == "esc-typo" })
            #expect(moved.queueId == SandboxSeed.billingQueueID.dixaString)
        }
    }

    @Test("no queueId and no default queue halts with what to set")
    func noQueueHalts() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("esc-unset", Transcripts.simple(), kind: "escalate")
            let summary = try await env.worker(TestEnvironment.escalationConfiguration(defaultQueue: nil)).drain()
            #expect(summary.halt?.remedy.contains("DIXA_QUEUE_ID") == true)
            #expect(try await env.row("esc-unset").attempts == 0)
            // Halted before anything went out: no open conversation is left with no queue to go to.
            #expect(await env.requests().isEmpty)
        }
    }

    @Test("Invalid value for: path parameter conversationId is a bug, not a retry: the row is dead with Dixa's reason")
    func invalidPathIsDead() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("esc-bug", Transcripts.simple(), kind: "escalate")
            await env.sandbox.setFaults([
                SandboxFaultRule(method: "PUT", path: "/v1/conversations/", status: 400, message: "Invalid value for: path parameter conversationId")
            ])
            try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))
            let row = try await env.row("esc-bug")
            #expect(row.state == "dead" && row.attempts == 1)
            #expect(row.lastError?.contains("Invalid value for: path parameter conversationId") == true)
        }
    }

    @Test("a 404 on the conversation just created is retried a few times, then the row is dead", arguments: [1, 10])
    func notFoundRetriedThenDead(failures: Int) async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("esc-404", Transcripts.simple(), kind: "escalate")
            await env.sandbox.setFaults([
                SandboxFaultRule(method: "PUT", path: "/v1/conversations/", times: failures, status: 404, message: "Not Found")
            ])
            try await env.drainUntilSettled(env.worker(TestEnvironment.escalationConfiguration()))
            let row = try await env.row("esc-404")
            if failures == 1 {
                #expect(row.state == "imported" && row.attempts == 2)
            } else {
                #expect(row.state == "dead" && row.attempts == 3 && row.lastErrorCode == "not_found")
            }
            #expect(await env.requests("POST", "/v1/conversations/import").count == 1)
        }
    }

    @Test("due escalations are claimed before closed imports that have waited longer")
    func escalationsClaimedFirst() async throws {
        try await TestEnvironment.with { env in
            for index in 0..<5 { try await env.enqueue("closed-\(index)", Transcripts.simple(email: "c\(index)@example.com")) }
            try await env.enqueue("esc-late", Transcripts.simple(), kind: "escalate")
            let claimed = try await env.store.claim(limit: 2, worker: "test", lease: .seconds(30))
            #expect(claimed.map(\.sourceKey).contains("esc-late"))
            #expect(claimed.first { $0.sourceKey == "esc-late" }?.isEscalation == true)
        }
    }
}
