import DixaSandbox
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import Outbox

/// `dixa_outbox.tenant` and `dixa_tenants`: what the chatbot's SQL meets, and what the store keeps per tenant.
@Suite("Tenants in the schema")
struct TenantSchemaTests {
    static let transcript = Transcripts.simple(email: "same@example.com")

    static func insert(_ env: TestEnvironment, _ sql: String) async throws {
        try await TestFailure.explainingPostgresErrors(sql) {
            _ = try await env.store.client.query(PostgresQuery(unsafeSQL: sql), logger: env.logger)
        }
    }

    static func addTenant(_ env: TestEnvironment, _ name: String) async throws {
        let record = TenantRecord(name: name, agentID: UUID(), queueID: nil, baseURL: nil, rateLimit: nil, burst: nil, tokenSealed: [1, 2, 3])
        #expect(try await env.store.addTenant(record))
    }

    @Test("an INSERT naming a tenant that does not exist is refused, by name; SQL naming no tenant goes to default")
    func unknownTenantRefused() async throws {
        try await TestEnvironment.with { env in
            let refused = try await env.store.enqueue(tenant: "acme", sourceKey: "k-1", kind: "closed", transcriptJSON: Self.transcript)
            #expect(refused == .refused(reason: #"dixa_outbox.tenant "acme" is not a tenant"#))
            try await Self.insert(env, "INSERT INTO dixa_outbox (source_key, transcript) VALUES ('k-1', '\(Self.transcript)'::jsonb)")
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE tenant = 'default' AND source_key = 'k-1'") == 1)
            await #expect(throws: (any Error).self) {
                try await env.store.client.query("INSERT INTO dixa_reopen_requests (tenant, conversation_id) VALUES ('acme', 1)", logger: env.logger)
            }
        }
    }

    @Test("with default alone, ON CONFLICT (source_key) keeps working; from the second tenant on, a key is unique per tenant")
    func sourceKeyUniqueness() async throws {
        try await TestEnvironment.with { env in
            let chatbotInsert = """
                INSERT INTO dixa_outbox (source_key, kind, transcript) VALUES ('same-key', 'closed', '\(Self.transcript)'::jsonb)
                ON CONFLICT (source_key) DO NOTHING
                """
            try await Self.insert(env, chatbotInsert)
            try await Self.insert(env, chatbotInsert)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox") == 1)
            try await Self.addTenant(env, "acme")
            let acme = try await env.store.enqueue(tenant: "acme", sourceKey: "same-key", kind: "closed", transcriptJSON: Self.transcript)
            guard case .inserted = acme else {
                Issue.record("tenant acme could not use a key the default tenant uses: \(acme)")
                return
            }
            #expect(try await env.store.enqueue(tenant: "acme", sourceKey: "same-key", kind: "closed", transcriptJSON: Self.transcript) == .duplicate)
            try await Self.insert(
                env,
                """
                INSERT INTO dixa_outbox (tenant, source_key, kind, transcript) VALUES ('acme', 'same-key', 'closed', '\(Self.transcript)'::jsonb)
                ON CONFLICT (tenant, source_key) DO NOTHING
                """
            )
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE source_key = 'same-key'") == 2)
        }
    }

    @Test("the end-user cache is per tenant: the same email in two tenants never shares a requester")
    func endUserCachePerTenant() async throws {
        try await TestEnvironment.with { env in
            try await Self.addTenant(env, "acme")
            let identity = try #require(EndUserIdentity(.email, "Same@Example.com"))
            let defaultRequester = UUID()
            try await env.store.cacheEndUser(tenant: "default", defaultRequester, for: [identity])
            #expect(try await env.store.cachedEndUser(tenant: "acme", for: [identity]) == nil)
            let acmeRequester = UUID()
            try await env.store.cacheEndUser(tenant: "acme", acmeRequester, for: [identity])
            #expect(try await env.store.cachedEndUser(tenant: "default", for: [identity]) == defaultRequester)
            #expect(try await env.store.cachedEndUser(tenant: "acme", for: [identity]) == acmeRequester)
            try await env.store.forgetEndUser(tenant: "acme", acmeRequester)
            #expect(try await env.store.cachedEndUser(tenant: "acme", for: [identity]) == nil)
            #expect(try await env.store.cachedEndUser(tenant: "default", for: [identity]) == defaultRequester)
        }
    }

    @Test("a claim takes only the tenants it names, and says whose each row is")
    func claimByTenant() async throws {
        try await TestEnvironment.with { env in
            try await Self.addTenant(env, "acme")
            try await env.enqueue("d-1", Self.transcript)
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "a-1", kind: "closed", transcriptJSON: Self.transcript)
            let acme = try await env.store.claim(limit: 10, worker: "w", lease: .seconds(60), tenants: ["acme"])
            #expect(acme.map(\.tenant) == ["acme"] && acme.map(\.sourceKey) == ["a-1"])
            #expect(try await env.store.dueCount(tenants: ["acme"]) == 0)
            #expect(try await env.store.dueCount(tenants: ["default"]) == 1)
            #expect(try await env.store.claim(limit: 10, worker: "w", lease: .seconds(60), tenants: []).isEmpty)
            #expect(try await env.store.nextDue(tenants: ["acme"]) != nil)  // its lease expires some day
        }
    }

    @Test("a tenant with rows pending or running cannot be removed; once they are done, it can, and its history stays")
    func removeGuard() async throws {
        try await TestEnvironment.with { env in
            try await Self.addTenant(env, "acme")
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "a-1", kind: "closed", transcriptJSON: Self.transcript)
            #expect(try await env.store.unfinishedWork(ofTenant: "acme") == TenantUnfinishedWork(rows: 1, reopenRequests: 0))
            #expect(try await !env.store.removeTenant("acme"))
            try await Self.insert(env, "UPDATE dixa_outbox SET state = 'imported' WHERE tenant = 'acme'")
            #expect(try await env.store.removeTenant("acme"))
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE tenant = 'acme'") == 1)
            #expect(try await !env.store.removeTenant("default"))
        }
    }

    @Test("a database of the previous schema upgrades with one migrate: its rows, cache and subscriptions become the default tenant's")
    func upgradeFromSingleOrganisation() async throws {
        let databaseURL = try await TestPostgres.freshDatabaseURL()
        let logger = Logger(label: "upgrade")
        let client = PostgresClient(configuration: try DatabaseURL.configuration(from: databaseURL), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let previous = Migrations.all.filter { $0.name < "0007" }
            #expect(try await Migrator(client: client, logger: logger, migrations: previous).migrate().count == 6)
            for sql in [
                "INSERT INTO dixa_outbox (source_key, transcript) VALUES ('old-1', '\(Self.transcript)'::jsonb)",
                "INSERT INTO dixa_outbox (source_key, kind, transcript) VALUES ('old-2', 'closed', '\(Transcripts.simple(email: "b@example.com"))'::jsonb)",
                "INSERT INTO dixa_end_users (identity_kind, identity_value, requester_id) VALUES ('email', 'stale@example.com', gen_random_uuid())",
                "INSERT INTO dixa_webhook_subscriptions (id, url, secret_key, events) VALUES (gen_random_uuid(), 'https://x', 's', '{}')",
            ] {
                _ = try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            }
        }
        // TestEnvironment migrates the rest, as `dixa-importer migrate` would, then the rows are imported.
        try await TestEnvironment.with(databaseURL: databaseURL) { env in
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE tenant = 'default'") == 2)
            #expect(try await env.count("SELECT count(*) FROM dixa_end_users WHERE tenant = 'default'") == 1)
            #expect(try await env.count("SELECT count(*) FROM dixa_webhook_subscriptions WHERE tenant = 'default' AND secret_key = 's'") == 1)
            let summary = try await env.drainUntilSettled(env.worker())
            #expect(summary.imported == 2)
            #expect(try await env.row("old-1").state == "imported")
            #expect(try await env.row("old-2").state == "imported")
        }
    }
}
