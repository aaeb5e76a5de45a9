import DixaAPI
import DixaSandbox
import Foundation
import Outbox
import PostgresNIO

/// The issue's mix: half the rows from returning requesters (already in the end-user cache and in Dixa), half from
/// new ones; independently, half with custom attributes. Four cases, equally many rows each.
enum Workload {
    /// Creates the returning requesters in Dixa (while the sandbox has no rate limit) and caches them, then enqueues
    /// `rows` rows in one INSERT.
    static func prepareMix(rows: Int, tag: String, store: OutboxStore, dixa: DixaClient) async throws {
        let returning = max(1, rows / 20)
        for index in 0..<returning {
            let email = "returning-\(index)@\(tag).example.com"
            let user = try await dixa.createEndUser(CreateEndUserInput(email: email))
            try await store.cacheEndUser(user.id, for: [EndUserIdentity(.email, email)!])
        }
        var sources: [String] = []
        var transcripts: [String] = []
        for index in 0..<rows {
            let isReturning = index % 2 == 0
            let withAttributes = (index / 2) % 2 == 0
            let email = isReturning ? "returning-\(index % returning)@\(tag).example.com" : "new-\(index)@\(tag).example.com"
            sources.append("\(tag)-\(index)")
            transcripts.append(transcript(email: email, attributes: withAttributes ? #"{"order_id":"A-\#(index)"}"# : nil))
        }
        try await bulkInsert(store, sources: sources, transcripts: transcripts)
    }

    /// `rows` rows of returning-requester-shaped transcripts, for the queue-only worker (which calls nobody).
    static func prepareQueueOnly(rows: Int, store: OutboxStore) async throws {
        let sources = (0..<rows).map { "queue-\($0)" }
        let transcripts = (0..<rows).map { transcript(email: "q\($0 % 100)@example.com", attributes: nil) }
        try await bulkInsert(store, sources: sources, transcripts: transcripts)
    }

    static func transcript(email: String, attributes: String?) -> String {
        let attributePart = attributes.map { ",\"attributes\":\($0)" } ?? ""
        return """
            {"requester":{"email":"\(email)"},"messages":[\
            {"from":"user","text":"Where is my order?","at":"2026-11-24T10:00:00Z","id":"u1"},\
            {"from":"bot","text":"On its way.","at":"2026-11-24T10:00:05Z","id":"b1"}]\(attributePart)}
            """
    }

    /// One INSERT per 5,000 rows, from arrays bound as parameters; the INSERT trigger validates each transcript.
    private static func bulkInsert(_ store: OutboxStore, sources: [String], transcripts: [String]) async throws {
        var start = 0
        while start < sources.count {
            let end = min(start + 5000, sources.count)
            var binds = PostgresBindings()
            binds.append(Array(sources[start..<end]))
            binds.append(Array(transcripts[start..<end]))
            let query = PostgresQuery(
                unsafeSQL: """
                    INSERT INTO dixa_outbox (source_key, kind, transcript)
                    SELECT s, 'closed', t::jsonb FROM unnest($1::text[], $2::text[]) AS u(s, t)
                    """,
                binds: binds
            )
            try await store.client.withConnection { connection in
                _ = try await connection.query(query, logger: store.logger)
            }
            start = end
        }
    }
}
