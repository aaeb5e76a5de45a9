import DixaAPI
import DixaSandbox
import Foundation
import Outbox
import PostgresNIO
import TestSupport
import Testing

@testable import Importer

@Suite("Statements shared by a claimed batch")
struct BatchStatementTests {
    @Test("one statement writes the import intents of a batch; a row another worker took over is left alone")
    func batchIntents() async throws {
        try await TestEnvironment.with { env in
            for index in 0..<3 { try await env.enqueue("intent-\(index)", Transcripts.simple()) }
            let claimed = try await env.store.claim(limit: 3, worker: "old", lease: .seconds(60))
            #expect(claimed.count == 3)
            // The last row's lease expires and another worker takes it.
            let takenOver = try #require(claimed.last)
            try await env.store.client.query(
                "UPDATE dixa_outbox SET lease_expires_at = now() - interval '1 second' WHERE id = \(takenOver.lease.rowID)",
                logger: env.logger
            )
            let newHolder = try #require(try await env.store.claim(limit: 1, worker: "new", lease: .seconds(60)).first)
            #expect(newHolder.lease.rowID == takenOver.lease.rowID)
            let requester = UUID()
            let createdAt = Date(timeIntervalSince1970: 1_790_000_000.123)
            let written = try await env.store.checkpointImportIntents(
                claimed.map { ImportIntent(lease: $0.lease, requesterID: requester, createdAt: createdAt) }
            )
            #expect(written == Set(claimed.dropLast().map(\.lease.rowID)))
            for index in 0..<2 {
                let row = try await env.row("intent-\(index)")
                #expect(row.requesterID == requester && row.importIntentSet)
            }
            let untouched = try await env.row("intent-2")
            #expect(untouched.requesterID == nil && !untouched.importIntentSet)
        }
    }

    @Test("a batch of several tenants is prepared in one lookup and one intent statement: each row gets its own tenant's end user")
    func batchAcrossTenants() async throws {
        try await TestEnvironment.with { env in
            let acme = TenantRecord(name: "acme", agentID: UUID(), queueID: nil, baseURL: nil, rateLimit: nil, burst: nil, tokenSealed: [1, 2, 3])
            #expect(try await env.store.addTenant(acme))
            let ann = try #require(EndUserIdentity(.email, "ann@example.com"))
            let (defaultAnn, acmeAnn) = (UUID(), UUID())
            try await env.store.cacheEndUser(tenant: "default", defaultAnn, for: [ann])
            try await env.store.cacheEndUser(tenant: "acme", acmeAnn, for: [ann])
            try await env.enqueue("d-ann", Transcripts.simple())
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "a-ann", kind: "closed", transcriptJSON: Transcripts.simple())
            let bob = Transcripts.simple(email: "bob@example.com")
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "a-bob", kind: "closed", transcriptJSON: bob)
            let claimed = try await env.store.claim(limit: 10, worker: "w", lease: .seconds(60), tenants: ["default", "acme"])
            try #require(claimed.count == 3)
            let parts = Dictionary(grouping: claimed, by: \.tenant).map { tenant, rows in
                BatchPreparation(
                    tenant: tenant,
                    transcripts: Dictionary(uniqueKeysWithValues: rows.map { ($0.lease.rowID, try! Transcript.parse($0.transcript)) }),
                    candidates: rows.map { row in
                        let email = row.sourceKey == "a-bob" ? "bob@example.com" : "ann@example.com"
                        let identity = EndUserIdentity(.email, email)!
                        return BatchPreparation.Candidate(lease: row.lease, requesterID: nil, identities: [identity], createdAt: Date())
                    }
                )
            }
            let prepared = await BatchPreparer(store: env.store, logger: env.logger).prepare(parts)
            let id = { (key: String) in claimed.first { $0.sourceKey == key }!.lease.rowID }
            #expect(prepared[id("d-ann")]?.intent?.requesterID == defaultAnn)
            #expect(prepared[id("a-ann")]?.intent?.requesterID == acmeAnn)
            #expect(prepared[id("a-bob")]?.intent == nil && prepared[id("a-bob")]?.requesterCacheMissed == true)
            #expect(try await env.row("d-ann").requesterID == defaultAnn)
            let acmeIntents = "SELECT count(*) FROM dixa_outbox WHERE tenant = 'acme' AND requester_id = '\(acmeAnn)' AND import_sent_at IS NOT NULL"
            #expect(try await env.count(acmeIntents) == 1)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE source_key = 'a-bob' AND import_sent_at IS NULL") == 1)
        }
    }

    @Test("one statement completes many rows, records a conversation id no checkpoint recorded, and skips a lost lease")
    func batchCompletions() async throws {
        try await TestEnvironment.with { env in
            for index in 0..<3 { try await env.enqueue("done-\(index)", Transcripts.simple()) }
            let claimed = try await env.store.claim(limit: 3, worker: "w", lease: .seconds(60))
            try #require(claimed.count == 3)
            // Row 1's conversation was checkpointed already; row 2's lease is no longer ours.
            try await env.store.client.query("UPDATE dixa_outbox SET conversation_id = 77 WHERE id = \(claimed[1].lease.rowID)", logger: env.logger)
            let stale = Lease(rowID: claimed[2].lease.rowID, token: UUID())
            let written = try await env.store.completeImported(
                [
                    ImportedRow(lease: claimed[0].lease, unrecordedConversationID: 41, startedAt: Date(), dixaCalls: 1),
                    ImportedRow(lease: claimed[1].lease, unrecordedConversationID: nil, startedAt: Date(), dixaCalls: 2),
                    ImportedRow(lease: stale, unrecordedConversationID: 43, startedAt: Date(), dixaCalls: 1),
                ],
                worker: "w"
            )
            #expect(written == [claimed[0].lease.rowID, claimed[1].lease.rowID])
            let first = try await env.row("done-0")
            let second = try await env.row("done-1")
            let third = try await env.row("done-2")
            #expect(first.state == "imported" && first.conversationID == 41 && first.leaseCleared)
            #expect(second.state == "imported" && second.conversationID == 77)
            #expect(third.state == "running" && third.conversationID == nil)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE outcome = 'imported'") == 2)
            #expect(try await env.count("SELECT sum(dixa_calls) FROM dixa_outbox_attempts") == 3)
        }
    }

    @Test("rows finishing together are completed by group commit: fewer statements than rows, each told its own outcome")
    func groupCommit() async throws {
        try await TestEnvironment.with { env in
            for index in 0..<50 { try await env.enqueue("group-\(index)", Transcripts.simple()) }
            let claimed = try await env.store.claim(limit: 50, worker: "w", lease: .seconds(60))
            try #require(claimed.count == 50)
            let completer = ImportCompleter(store: env.store, worker: "w")
            let lostRow = claimed[7].lease.rowID
            let outcomes = try await withThrowingTaskGroup(of: (Int64, Bool).self) { group in
                for row in claimed {
                    let lease = row.lease.rowID == lostRow ? Lease(rowID: lostRow, token: UUID()) : row.lease
                    group.addTask {
                        let written = try await completer.complete(
                            ImportedRow(lease: lease, unrecordedConversationID: 1000 + row.lease.rowID, startedAt: Date(), dixaCalls: 1)
                        )
                        return (row.lease.rowID, written)
                    }
                }
                return try await group.reduce(into: [Int64: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.count == 50)
            #expect(outcomes.filter { !$0.value }.map(\.key) == [lostRow])
            #expect(completer.statementsWritten < 50)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'imported' AND conversation_id = 1000 + id") == 49)
        }
    }

    @Test("a drain of returning requesters without attributes imports each once, and records the conversation each became")
    func drainRecordsConversations() async throws {
        try await TestEnvironment.with { env in
            let requester = try await env.dixaClient().createEndUser(CreateEndUserInput(email: "ann@example.com"))
            try await env.store.cacheEndUser(requester.id, for: [EndUserIdentity(.email, "ann@example.com")!])
            for index in 0..<12 { try await env.enqueue("returning-\(index)", Transcripts.simple()) }
            try await env.worker().drain()
            let conversations = await env.sandbox.conversations()
            #expect(conversations.count == 12)
            for index in 0..<12 {
                let row = try await env.row("returning-\(index)")
                let conversation = conversations.first { $0.externalId == "returning-\(index)" }
                #expect(row.state == "imported" && row.requesterID == requester.id && row.conversationID == conversation?.id)
            }
            // The cache answered for every row: no lookup at Dixa, and one import each.
            #expect(await env.requests("GET").isEmpty)
            #expect(await env.requests("POST", "/v1/conversations/import").count == 12)
        }
    }
}
