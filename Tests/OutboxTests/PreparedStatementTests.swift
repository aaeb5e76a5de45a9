import Foundation
import InMemoryLogging
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import Outbox

/// The worker's hot statements run as named prepared statements, and a pooler that loses them (PgBouncer in
/// transaction mode) turns that off instead of failing rows.
@Suite("Prepared statements for the worker's hot path", .timeLimit(.minutes(1)))
struct PreparedStatementTests {
    @Test("the claim is prepared once per connection and then only executed")
    func claimIsPreparedOnce() async throws {
        try await Self.withSingleConnectionStore { store, _ in
            for index in 0..<12 { try await Self.enqueue(store, "prepared-\(index)") }
            for _ in 0..<12 { _ = try await store.claim(limit: 1, worker: "w", lease: .seconds(60)) }
            // One connection, so this reads the statements prepared on the connection the claims ran on.
            let plans = try await Self.plans(of: "dixa_claim_%", store)
            #expect(plans == 12, "the claim should be one prepared statement planned or reused 12 times")
            #expect(store.preparedStatements.isOn)
        }
    }

    @Test("a prepared statement the server no longer has (a pooler switched connections): the statement still runs, unprepared from then on")
    func missingPreparedStatement() async throws {
        try await Self.withSingleConnectionStore { store, logs in
            for index in 0..<3 { try await Self.enqueue(store, "lost-\(index)") }
            #expect(try await store.claim(limit: 1, worker: "w", lease: .seconds(60)).count == 1)
            // What a transaction-mode pooler does to the next statement: it lands on a server connection that never
            // prepared it.
            _ = try await store.client.query("DEALLOCATE ALL")
            #expect(try await store.claim(limit: 1, worker: "w", lease: .seconds(60)).count == 1)
            #expect(!store.preparedStatements.isOn)
            #expect(try await store.claim(limit: 1, worker: "w", lease: .seconds(60)).count == 1)
            #expect(try await Self.plans(of: "dixa_claim_%", store) == nil, "nothing prepared again once switched off")
            #expect(logs.entries.filter { $0.message.description.hasPrefix("prepared statements do not survive") }.count == 1)
        }
    }

    @Test("a prepared statement of that name already on the server connection: the statement still runs, unprepared")
    func duplicatePreparedStatement() async throws {
        try await Self.withSingleConnectionStore { store, _ in
            try await Self.enqueue(store, "duplicate")
            // Another client of a shared server connection prepared the same name first.
            _ = try await store.client.query(PostgresQuery(unsafeSQL: "PREPARE \(Self.claimName) AS SELECT 1"))
            #expect(try await store.claim(limit: 1, worker: "w", lease: .seconds(60)).count == 1)
            #expect(!store.preparedStatements.isOn)
        }
    }

    @Test("a statement's prepared name changes with its text, so two versions behind one pooler never share a name")
    func preparedNameFollowsText() {
        let old = SQLFile("claim", Array("SELECT 1".utf8))
        let same = SQLFile("claim", Array("SELECT 1".utf8))
        let changed = SQLFile("claim", Array("SELECT 2".utf8))
        #expect(old.preparedName == same.preparedName)
        #expect(old.preparedName != changed.preparedName)
        #expect(old.preparedName.hasPrefix("dixa_claim_"))
        // PostgreSQL truncates identifiers at 63 bytes; the longest query file name must keep its digest whole.
        #expect(Queries.all.allSatisfy { $0.preparedName.utf8.count <= 63 })
    }

    /// A migrated database of its own behind a one-connection pool, so every statement meets the same server connection.
    static func withSingleConnectionStore(_ body: @Sendable (OutboxStore, InMemoryLogHandler) async throws -> Void) async throws {
        var configuration = try await TestPostgres.freshDatabase()
        configuration.options.maximumConnections = 1
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "prepared", factory: { _ in logs })
        let quiet = Logger(label: "quiet", factory: { _ in SwiftLogNoOpLogHandler() })
        let client = PostgresClient(configuration: configuration, backgroundLogger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await Migrator(client: client, logger: logger).migrate()
            try await body(OutboxStore(client: client, logger: logger), logs)
        }
    }

    static func enqueue(_ store: OutboxStore, _ sourceKey: String) async throws {
        _ = try await store.enqueue(sourceKey: sourceKey, kind: "closed", transcriptJSON: Transcripts.simple(email: "\(sourceKey)@example.com"))
    }

    /// The name the claim is prepared under: its file's name and a digest of its text.
    static let claimName = PreparedQuery<ClaimStatement>.name

    /// How often the server planned or reused the prepared statement whose name is `LIKE pattern`; nil when none is.
    static func plans(of pattern: String, _ store: OutboxStore) async throws -> Int? {
        let rows = try await store.client.query(
            "SELECT (generic_plans + custom_plans)::int8 FROM pg_prepared_statements WHERE name LIKE \(pattern)"
        )
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return nil
    }
}
