import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Outbox
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import TestSupport
import Testing

/// A halt is per tenant: one organisation's revoked token or unknown agent stops that tenant alone.
@Suite("Tenants in the worker: a halt stops one tenant, the others go on")
struct TenantWorkerTests {
    /// Tenants whose Dixa settings a test can change while the worker runs, as `tenants update` would.
    final class ChangingTenants: TenantSource {
        let tenants: Mutex<[Tenant]>
        init(_ tenants: [Tenant]) { self.tenants = Mutex(tenants) }
        func tenants() async throws -> TenantSnapshot { TenantSnapshot(tenants: tenants.withLock { $0 }) }
        func replace(_ tenant: Tenant) { tenants.withLock { list in list = list.map { $0.name == tenant.name ? tenant : $0 } } }
    }

    static func tenant(_ env: TestEnvironment, _ name: String, token: String = TestEnvironment.token, revision: String = "1") -> Tenant {
        let client = DixaClient(
            configuration: DixaClientConfiguration(baseURL: env.baseURL, token: DixaToken(token), requestTimeout: .seconds(5), tenant: name),
            logger: env.logger
        )
        return Tenant(
            name: name,
            dixa: client,
            budget: env.budget(),
            botAgentID: TestEnvironment.botAgentID,
            defaultQueueID: SandboxSeed.supportQueueID,
            revision: revision
        )
    }

    static func addTenant(_ env: TestEnvironment, _ name: String) async throws {
        let record = TenantRecord(name: name, agentID: UUID(), queueID: nil, baseURL: nil, rateLimit: nil, burst: nil, tokenSealed: [1])
        _ = try await env.store.addTenant(record)
    }

    @Test("a revoked token halts its tenant alone: its rows wait with no attempt burned, the others are all imported")
    func haltIsPerTenant() async throws {
        try await TestEnvironment.with { env in
            try await Self.addTenant(env, "revoked")
            for index in 0..<6 {
                try await env.enqueue("d-\(index)", Transcripts.simple(email: "d\(index)@example.com"))
                _ = try await env.store.enqueue(tenant: "revoked", sourceKey: "r-\(index)", kind: "closed", transcriptJSON: Transcripts.simple())
            }
            let source = FixedTenants([Self.tenant(env, "default"), Self.tenant(env, "revoked", token: "revoked-token")])
            let worker = ImportWorker(store: env.store, tenants: source, configuration: TestEnvironment.fastConfiguration(), logger: env.logger)
            let summary = try await worker.drain()
            #expect(summary.imported == 6)
            #expect(summary.tenants["default"]?.imported == 6)
            #expect(Array(summary.halts.keys) == ["revoked"])
            let halt = try #require(summary.halts["revoked"])
            #expect(halt.cause.contains("HTTP 401"))
            #expect(halt.remedy.contains("tenants update revoked --token-file"))
            #expect("\(halt)".hasPrefix("tenant revoked: "))
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE tenant = 'revoked' AND state = 'pending' AND attempts = 0") == 6)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE tenant = 'default' AND state = 'imported'") == 6)
            #expect(try await env.count("SELECT count(*) FROM dixa_halts WHERE tenant = 'revoked' AND resolved_at IS NULL") == 1)
            #expect(try await env.count("SELECT count(*) FROM dixa_halts WHERE tenant <> 'revoked'") == 0)
            // No request of the default tenant's rows went out with the revoked token, nor the other way round.
            let requests = await env.requests()
            #expect(requests.filter { $0.path == "/v1/conversations/import" }.count == 6)
            #expect(!worker.isHalted)
        }
    }

    @Test("run leaves a halted tenant out, then tries it again by itself, and imports its rows once it is fixed")
    func runRechecksHaltedTenant() async throws {
        try await TestEnvironment.with { env in
            try await Self.addTenant(env, "acme")
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "a-1", kind: "closed", transcriptJSON: Transcripts.simple())
            let source = ChangingTenants([Self.tenant(env, "default"), Self.tenant(env, "acme", token: "expired")])
            var configuration = TestEnvironment.fastConfiguration()
            configuration.haltRecheckInterval = .milliseconds(300)
            configuration.tenantRefreshInterval = .milliseconds(100)
            let worker = ImportWorker(store: env.store, tenants: source, configuration: configuration, logger: env.logger)
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await worker.run() }
                    try await Self.waitUntil { worker.summary.halts["acme"] != nil }
                    try await env.enqueue("d-1", Transcripts.simple(email: "later@example.com"))
                    try await Self.waitUntil { try await env.row("d-1").state == "imported" }
                    // Not imported while halted; the recheck may hold it at this instant, as it tries the tenant again.
                    #expect(["pending", "running"].contains(try await env.row("a-1").state))
                    source.replace(Self.tenant(env, "acme", revision: "2"))
                    try await Self.waitUntil { try await env.row("a-1").state == "imported" }
                    trigger.triggerGracefulShutdown()
                    try await group.waitForAll()
                }
            }
            #expect(worker.summary.halts.isEmpty)
            #expect(try await env.row("a-1").attempts == 1)
            // The halt is history now: recorded, and marked over by the tenant's first import.
            #expect(try await env.count("SELECT count(*) FROM dixa_halts WHERE tenant = 'acme'") >= 1)
            #expect(try await env.count("SELECT count(*) FROM dixa_halts WHERE tenant = 'acme' AND resolved_at IS NULL") == 0)
        }
    }

    @Test("a tenant missing from the source is not worked: its rows wait, and a claimed one is handed back")
    func unknownTenantWaits() async throws {
        try await TestEnvironment.with { env in
            try await Self.addTenant(env, "gone")
            _ = try await env.store.enqueue(tenant: "gone", sourceKey: "g-1", kind: "closed", transcriptJSON: Transcripts.simple())
            try await env.enqueue("d-1", Transcripts.simple())
            let worker = ImportWorker(
                store: env.store,
                tenants: FixedTenants([Self.tenant(env, "default")]),
                configuration: TestEnvironment.fastConfiguration(),
                logger: env.logger
            )
            let summary = try await worker.drain()
            #expect(summary.imported == 1 && summary.halts.isEmpty)
            let row = try await env.store.claim(limit: 5, worker: "probe", lease: .seconds(1), tenants: ["gone"])
            #expect(row.map(\.sourceKey) == ["g-1"] && row.first?.attempts == 1, "the worker never claimed it")
        }
    }

    /// Polls `condition` every 20 ms for up to 60 s.
    static func waitUntil(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw TestFailure("timed out waiting") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

extension TenantWorkerTests {
    @Test("the drain's progress total counts the due rows of every tenant it works, and no other")
    func dueCountAcrossTenants() async throws {
        try await TestEnvironment.with { env in
            try await Self.addTenant(env, "acme")
            try await Self.addTenant(env, "off")
            try await env.enqueue("d-1", Transcripts.simple())
            for (tenant, key) in [("acme", "a-1"), ("acme", "a-2"), ("off", "o-1")] {
                _ = try await env.store.enqueue(tenant: tenant, sourceKey: key, kind: "closed", transcriptJSON: Transcripts.simple())
            }
            let source = FixedTenants([Self.tenant(env, "default"), Self.tenant(env, "acme")])
            let worker = ImportWorker(store: env.store, tenants: source, configuration: TestEnvironment.fastConfiguration(), logger: env.logger)
            #expect(try await worker.dueCount() == 3)
        }
    }
}
