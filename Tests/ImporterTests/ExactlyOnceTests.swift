import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Outbox
import PostgresNIO
import TestSupport
import Testing

@Suite("Leases, checkpoints and reconciliation")
struct ExactlyOnceTests {
    @Test("an import whose answer was lost is adopted, not imported a second time")
    func reconcilesLostAnswer() async throws {
        try await TestEnvironment.with { env in
            let transcriptJSON = Transcripts.simple()
            let id = try await env.enqueue("lost-answer", transcriptJSON)
            // What a crashed attempt left behind: requester and intent checkpointed, the import applied by
            // Dixa, the answer never recorded.
            let dixa = env.dixaClient()
            let requester = try await dixa.createEndUser(CreateEndUserInput(email: "ann@example.com"))
            let request = ImportRequestBuilder(botAgentID: TestEnvironment.botAgentID)
                .request(for: try Transcript.parse(transcriptJSON), sourceKey: "lost-answer", requesterID: requester.id)
            let applied = try await dixa.importConversation(request)
            try await env.store.client.query(
                """
                UPDATE dixa_outbox SET requester_id = \(requester.id), import_created_at = \(request.createdAt), import_sent_at = now()
                WHERE id = \(id)
                """,
                logger: env.logger
            )
            try await env.worker().drain()
            let row = try await env.row("lost-answer")
            #expect(row.state == "imported" && row.conversationID == applied.id)
            #expect(await env.sandbox.conversations().count == 1)
            #expect(await env.requests("POST", "/v1/conversations/import").count == 1)  // the test's own
            #expect(await env.requests("GET", "/v1/endusers/\(requester.id.dixaString)/conversations").count == 1)
        }
    }

    @Test("reconciliation follows pagination and imports when nothing matches")
    func reconcileNoMatch() async throws {
        try await TestEnvironment.with { env in
            let dixa = env.dixaClient()
            let requester = try await dixa.createEndUser(CreateEndUserInput(email: "ann@example.com"))
            // 12 other conversations of the same requester: more than one page (the sandbox pages by 10).
            for minute in 0..<12 {
                let other = try Transcript.parse(
                    #"{"requester":{"email":"ann@example.com"},"messages":[{"from":"user","text":"x","at":"2026-11-20T10:\#(String(format: "%02d", minute)):00Z"}]}"#
                )
                _ = try await dixa.importConversation(
                    ImportRequestBuilder(botAgentID: TestEnvironment.botAgentID).request(
                        for: other,
                        sourceKey: "other-\(minute)",
                        requesterID: requester.id
                    )
                )
            }
            let id = try await env.enqueue("never-sent", Transcripts.simple())
            try await env.store.client.query(
                "UPDATE dixa_outbox SET requester_id = \(requester.id), import_sent_at = now() WHERE id = \(id)",
                logger: env.logger
            )
            try await env.worker().drain()
            #expect(try await env.row("never-sent").state == "imported")
            #expect(await env.requests("GET", "/v1/endusers/\(requester.id.dixaString)/conversations").count == 2)
            #expect(await env.sandbox.conversations().filter { $0.externalId == "never-sent" }.count == 1)
        }
    }

    @Test("a checkpointed conversation is never imported again; only the remaining steps run")
    func resumesAfterImportCheckpoint() async throws {
        try await TestEnvironment.with { env in
            let dixa = env.dixaClient()
            let requester = try await dixa.createEndUser(CreateEndUserInput(email: "ann@example.com"))
            let transcriptJSON = Transcripts.simple(attributes: #"{"order_id":"A-9"}"#)
            let id = try await env.enqueue("resume", transcriptJSON)
            let applied = try await dixa.importConversation(
                ImportRequestBuilder(botAgentID: TestEnvironment.botAgentID)
                    .request(for: try Transcript.parse(transcriptJSON), sourceKey: "resume", requesterID: requester.id)
            )
            try await env.store.client.query(
                "UPDATE dixa_outbox SET requester_id = \(requester.id), conversation_id = \(applied.id), import_sent_at = now() WHERE id = \(id)",
                logger: env.logger
            )
            try await env.worker().drain()
            #expect(try await env.row("resume").state == "imported")
            #expect(await env.requests("POST", "/v1/conversations/import").count == 1)
            #expect(await env.requests("PATCH").map(\.path) == ["/v1/conversations/\(applied.id)/custom-attributes"])
        }
    }

    @Test("concurrent claims (FOR UPDATE SKIP LOCKED) never take the same row")
    func disjointClaims() async throws {
        try await TestEnvironment.with { env in
            for index in 0..<40 { try await env.enqueue("row-\(index)", Transcripts.simple()) }
            let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<4 {
                    group.addTask { try await env.store.claim(limit: 15, worker: "w\(worker)", lease: .seconds(60)).map(\.lease.rowID) }
                }
                return try await group.reduce(into: [[Int64]]()) { $0.append($1) }
            }
            let all = claims.flatMap { $0 }
            #expect(all.count == 40)
            #expect(Set(all).count == 40)
        }
    }

    @Test("an expired lease is reclaimed, and the old holder's write-back changes nothing")
    func leaseGuard() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("leased", Transcripts.simple())
            let first = try #require(try await env.store.claim(limit: 1, worker: "old", lease: .seconds(60)).first)
            #expect(try await env.store.claim(limit: 1, worker: "new", lease: .seconds(60)).isEmpty)
            try await env.store.client.query("UPDATE dixa_outbox SET lease_expires_at = now() - interval '1 second'", logger: env.logger)
            let second = try #require(try await env.store.claim(limit: 1, worker: "new", lease: .seconds(60)).first)
            #expect(second.lease.rowID == first.lease.rowID && second.lease.token != first.lease.token)
            #expect(second.attempts == 2)
            let record = AttemptRecord(worker: "old", startedAt: Date(), dixaCalls: 0)
            #expect(try await env.store.finish(first.lease, .imported, record) == false)
            await #expect(throws: OutboxError.self) { try await env.store.checkpointRequester(first.lease, requesterID: UUID()) }
            let row = try await env.row("leased")
            #expect(row.state == "running" && row.requesterID == nil)
            #expect(try await env.store.finish(second.lease, .imported, AttemptRecord(worker: "new", startedAt: Date(), dixaCalls: 0)))
        }
    }

    @Test("a row claimed more often than max_attempts without finishing is made dead, not retried forever")
    func abandonedRow() async throws {
        try await TestEnvironment.with { env in
            let id = try await env.enqueue("poison", Transcripts.simple())
            try await env.store.client.query("UPDATE dixa_outbox SET attempts = max_attempts WHERE id = \(id)", logger: env.logger)
            try await env.worker().drain()
            let row = try await env.row("poison")
            #expect(row.state == "dead" && row.lastErrorCode == "abandoned")
            #expect(await env.requests().isEmpty)
        }
    }
}
