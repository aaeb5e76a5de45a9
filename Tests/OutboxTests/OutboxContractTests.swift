import Foundation
import Importer
import Logging
import Outbox
import PostgresNIO
import TestSupport
import Testing

@Suite("The outbox contract: the chatbot's SQL")
struct OutboxContractTests {
    @Test(
        "a bad transcript is refused at INSERT with a message naming the problem",
        arguments: [
            (
                #"{"requester":{"email":"a@b.c"},"messages":[{"from":"user","text":"a","at":"2026-11-24T10:00:00Z"},{"from":"user","text":"b","at":"2026-11-24T10:00:00Z"},{"from":"agent","text":"c","at":"2026-11-24T10:00:00Z"}]}"#,
                #"transcript.messages[2].from must be "user" or "bot""#
            ),
            (#"{"messages":[{"from":"user","text":"a","at":"2026-11-24T10:00:00Z"}]}"#, "transcript.requester is required and must be an object"),
            (
                #"{"requester":{"displayName":"x"},"messages":[{"from":"user","text":"a","at":"2026-11-24T10:00:00Z"}]}"#,
                "transcript.requester needs at least one non-empty email, phone or externalId"
            ),
            (#"{"requester":{"email":"a@b.c"},"messages":[]}"#, "transcript.messages must be a non-empty array"),
            (
                #"{"requester":{"email":"a@b.c"},"messages":[{"from":"user","text":"a","at":"yesterday"}]}"#,
                "transcript.messages[0].at must be an ISO-8601 timestamp with a zone, e.g. 2026-11-24T10:15:00Z"
            ),
            (
                #"{"requester":{"email":"a@b.c"},"messages":[{"from":"user","text":"a","at":"2026-11-24T10:00:00"}]}"#,
                "transcript.messages[0].at must be an ISO-8601 timestamp with a zone, e.g. 2026-11-24T10:15:00Z"
            ),
            (
                #"{"requester":{"email":"a@b.c"},"messages":[{"from":"user","text":"  ","at":"2026-11-24T10:00:00Z"}]}"#,
                "transcript.messages[0].text must be a non-empty string"
            ),
            (
                #"{"requester":{"email":"a@b.c"},"messages":[{"from":"bot","text":"a","at":"2026-11-24T10:00:00Z","format":"rtf"}]}"#,
                #"transcript.messages[0].format must be "text", "markdown" or "html""#
            ),
            (
                #"{"requester":{"email":"a@b.c"},"messages":[{"from":"user","text":"a","at":"2026-11-24T10:00:00Z"}],"attributes":{"x":3}}"#,
                "transcript.attributes.x must be a string or an array of strings"
            ),
            (
                #"{"requester":{"email":"a@b.c"},"mesages":[]}"#,
                "transcript.mesages is not a known field (expected requester, startedAt, endedAt, messages, attributes)"
            ),
        ]
    )
    func refusedAtInsert(transcript: String, message: String) async throws {
        try await TestEnvironment.with { env in
            let result = try await env.store.enqueue(sourceKey: "bad", kind: "closed", transcriptJSON: transcript)
            #expect(result == .refused(reason: message))
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox") == 0)
            // The worker's own validation says the same thing.
            #expect(throws: TranscriptError(message)) { try Transcript.parse(transcript) }
        }
    }

    @Test("a transcript rewritten by UPDATE is checked as at INSERT; an UPDATE of other columns leaves it alone")
    func transcriptCheckedOnUpdate() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("rewritten", Transcripts.simple())
            let bad = #"{"requester":{"email":"a@b.c"},"messages":[{"from":"agent","text":"a","at":"2026-11-24T10:00:00Z"}]}"#
            do {
                try await env.store.client.query(
                    "UPDATE dixa_outbox SET transcript = \(bad)::jsonb WHERE source_key = 'rewritten'",
                    logger: env.logger
                )
                Issue.record("an invalid transcript was written by UPDATE")
            } catch let error as PSQLError {
                #expect(error.serverInfo?[.sqlState] == "23514")
                #expect(error.serverInfo?[.message] == #"transcript.messages[0].from must be "user" or "bot""#)
            }
            try await env.store.client.query("UPDATE dixa_outbox SET run_at = now() WHERE source_key = 'rewritten'", logger: env.logger)
            #expect(try await env.row("rewritten").state == "pending")
            // No CHECK constraint is left to re-run on every claim, checkpoint and completion.
            #expect(try await env.count("SELECT count(*) FROM pg_constraint WHERE conname = 'dixa_outbox_transcript_valid'") == 0)
        }
    }

    @Test("the chatbot's INSERT … ON CONFLICT (source_key) DO NOTHING is idempotent")
    func idempotentEnqueue() async throws {
        try await TestEnvironment.with { env in
            try await env.store.client.query(
                """
                INSERT INTO dixa_outbox (source_key, kind, transcript) VALUES (\("bot-1"), 'closed', \(Transcripts.simple())::jsonb)
                ON CONFLICT (source_key) DO NOTHING
                """,
                logger: env.logger
            )
            let again = try await env.store.enqueue(sourceKey: "bot-1", kind: "closed", transcriptJSON: Transcripts.simple(email: "x@y.z"))
            #expect(again == .duplicate)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox") == 1)
            let row = try await env.row("bot-1")
            #expect(row.state == "pending" && row.attempts == 0)
        }
    }

    @Test("unknown kinds and empty source keys are refused")
    func kindAndKey() async throws {
        try await TestEnvironment.with { env in
            let kind = try await env.store.enqueue(sourceKey: "k", kind: "open", transcriptJSON: Transcripts.simple())
            let key = try await env.store.enqueue(sourceKey: "  ", kind: "closed", transcriptJSON: Transcripts.simple())
            guard case .refused(let kindReason) = kind, case .refused(let keyReason) = key else {
                Issue.record("expected refusals, got \(kind) and \(key)")
                return
            }
            #expect(kindReason.contains("dixa_outbox_kind_valid"))
            #expect(keyReason.contains("dixa_outbox_source_key_valid"))
        }
    }

    @Test("migrate is tracked, serialised and safe to run again, even concurrently")
    func migrateTwice() async throws {
        try await TestEnvironment.with { env in
            let migrator = Migrator(client: env.store.client, logger: env.logger)
            let appliedAgain = try await migrator.migrate()
            let pending = try await migrator.pending()
            let recorded = try await env.count("SELECT count(*) FROM dixa_schema_migrations")
            #expect(appliedAgain == [] && pending == [])
            #expect(recorded == Migrations.all.count)
        }
    }

    @Test("two concurrent migrates on a fresh database: one applies everything, the other waits and finds nothing")
    func freshDatabase() async throws {
        let client = PostgresClient(configuration: try await TestPostgres.freshDatabase(), backgroundLogger: Logger(label: "t"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let migrator = Migrator(client: client, logger: Logger(label: "t"))
            #expect(try await migrator.pending() == Migrations.all.map(\.name))
            async let first = migrator.migrate()
            async let second = migrator.migrate()
            let results = try await [first, second]
            // The advisory lock makes one run apply everything and the other find nothing left.
            #expect(results.sorted { $0.count < $1.count } == [[], Migrations.all.map(\.name)])
            #expect(try await migrator.migrate() == [])
        }
    }

    @Test("the outbox is vacuumed after a fixed number of dead versions, not a fifth of the table, and keeps room for new versions")
    func outboxStorageSettings() async throws {
        try await TestEnvironment.with { env in
            let rows = try await env.store.client.query(
                "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = 'dixa_outbox'::regclass",
                logger: env.logger
            )
            var options: Set<String> = []
            for try await text in rows.decode(String.self) { options = Set(text.split(separator: ",").map(String.init)) }
            #expect(
                options.isSuperset(of: [
                    "fillfactor=80", "autovacuum_vacuum_scale_factor=0", "autovacuum_vacuum_threshold=5000",
                    "autovacuum_vacuum_insert_scale_factor=0", "autovacuum_vacuum_cost_delay=0",
                ]),
                "\(options.sorted())"
            )
        }
    }

    @Test("the request budget is unlogged, so a reservation waits for no WAL flush, and keeps its storage settings")
    func rateBudgetIsUnlogged() async throws {
        try await TestEnvironment.with { env in
            let rows = try await env.store.client.query(
                "SELECT relpersistence::text, array_to_string(reloptions, ',') FROM pg_class WHERE oid = 'dixa_rate_budget'::regclass",
                logger: env.logger
            )
            var found: (persistence: String, options: String)?
            for try await (persistence, options) in rows.decode((String, String).self) { found = (persistence, options) }
            #expect(found?.persistence == "u")
            #expect(found?.options.contains("fillfactor=50") == true, "\(found?.options ?? "no row")")
        }
    }

    @Test("an INSERT sends NOTIFY on the dixa_outbox channel")
    func insertNotifies() async throws {
        try await TestEnvironment.with { env in
            let received = try await env.store.client.withConnection { connection in
                try await connection.listen(on: OutboxStore.notifyChannel) { notifications in
                    try await env.enqueue("notify-1", Transcripts.simple())
                    var iterator = notifications.makeAsyncIterator()
                    return try await iterator.next() != nil
                }
            }
            #expect(received)
        }
    }

    @Test("every file in sql/queries and sql/migrations is built into the binary")
    func embeddedSQLMatchesFolder() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        func names(_ folder: String) throws -> Set<String> {
            Set(
                try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
                    .filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }
            )
        }
        #expect(try names("sql/queries") == Set(Queries.names))
        #expect(try names("sql/migrations") == Set(Migrations.all.map(\.name)))
        // sql/reports holds the psql reports and the console's statements (console_*.sql), registered apart.
        #expect(try names("sql/reports") == Set(Report.all.map(\.name)).union(ConsoleQueries.all.map(\.name)))
        #expect(Migrations.all.map(\.name) == Migrations.all.map(\.name).sorted())
    }
}
