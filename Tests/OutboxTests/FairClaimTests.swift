import Foundation
import PostgresNIO
import TestSupport
import Testing

@testable import Outbox

/// claim.sql with offers: lanes within a tenant, turns across tenants, and each tenant's shared budget.
@Suite("The fair claim")
struct FairClaimTests {
    static let transcript = Transcripts.simple()

    static func add(_ env: TestEnvironment, _ tenants: [String]) async throws {
        for name in tenants {
            _ = try await env.store.addTenant(
                TenantRecord(name: name, agentID: UUID(), queueID: nil, baseURL: nil, rateLimit: nil, burst: nil, tokenSealed: [1])
            )
        }
    }

    static func enqueue(_ env: TestEnvironment, _ tenant: String, _ key: String, kind: String = "closed", lane: String = "live") async throws {
        let result = try await env.store.enqueue(tenant: tenant, sourceKey: key, kind: kind, transcriptJSON: transcript, lane: lane)
        guard case .inserted = result else { throw TestFailure("\(tenant)/\(key): \(result)") }
    }

    static func claim(_ env: TestEnvironment, limit: Int, _ offers: [TenantOffer]) async throws -> [ClaimedRow] {
        try await env.store.claim(limit: limit, worker: "w", lease: .seconds(60), offers: offers)
    }

    @Test("within a tenant: escalations, then live rows, then backfill, however long the backfill has waited")
    func lanes() async throws {
        try await TestEnvironment.with { env in
            try await Self.enqueue(env, "default", "old-backfill", lane: "backfill")
            try await Self.enqueue(env, "default", "live")
            try await Self.enqueue(env, "default", "escalation", kind: "escalate")
            var order: [String] = []
            for _ in 0..<3 {
                let rows = try await Self.claim(env, limit: 1, [TenantOffer(tenant: "default", quota: 1)])
                order += rows.map(\.sourceKey)
            }
            #expect(order == ["escalation", "live", "old-backfill"])
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE lane = 'backfill' AND source_key = 'old-backfill'") == 1)
        }
    }

    @Test("across tenants: every offered tenant's first row before any tenant's second, whatever their backlogs")
    func turns() async throws {
        try await TestEnvironment.with { env in
            try await Self.add(env, ["big", "small"])
            for index in 0..<50 { try await Self.enqueue(env, "big", "b-\(index)") }
            try await Self.enqueue(env, "small", "s-1")
            try await Self.enqueue(env, "default", "d-1")
            let offers = ["big", "small", "default"].map { TenantOffer(tenant: $0, quota: 10) }
            let rows = try await Self.claim(env, limit: 3, offers)
            #expect(Set(rows.map(\.tenant)) == ["big", "small", "default"])
            let more = try await Self.claim(env, limit: 5, offers)
            #expect(more.allSatisfy { $0.tenant == "big" } && more.count == 5)
        }
    }

    @Test("a tenant whose shared budget is booked beyond the window gets nothing; with slots free, what they allow")
    func budget() async throws {
        try await TestEnvironment.with { env in
            try await Self.add(env, ["busy", "free"])
            for index in 0..<10 {
                try await Self.enqueue(env, "busy", "b-\(index)")
                try await Self.enqueue(env, "free", "f-\(index)")
            }
            let booked = ContinuousClock.now
            _ = try await env.store.client.query(
                """
                INSERT INTO dixa_rate_budget (budget_key, theoretical_arrival)
                VALUES ('busy-key', clock_timestamp() + interval '30 seconds'), ('free-key', clock_timestamp() + interval '30 seconds')
                """,
                logger: env.logger
            )
            // busy: 30 s booked, a 1 s window: nothing. free: the same booking, a window 350 ms longer: 3 slots, and one
            // more for every 100 ms that passed since the booking (measured, so a slow machine cannot fail this).
            let offers = [
                TenantOffer(tenant: "busy", quota: 10, budgetKey: "busy-key", intervalMilliseconds: 100, windowMilliseconds: 1000),
                TenantOffer(tenant: "free", quota: 10, budgetKey: "free-key", intervalMilliseconds: 100, windowMilliseconds: 30_350),
            ]
            let rows = try await Self.claim(env, limit: 32, offers)
            let elapsed = (ContinuousClock.now - booked) / .milliseconds(100)
            #expect(!rows.contains { $0.tenant == "busy" })
            let free = rows.filter { $0.tenant == "free" }.count
            #expect(free >= 3 && Double(free) <= 3 + elapsed.rounded(.up), "\(free) rows after \(elapsed * 100) ms")
            let unbooked = try await Self.claim(env, limit: 32, [TenantOffer(tenant: "busy", quota: 4, budgetKey: "no-such-key")])
            #expect(unbooked.count == 4, "a budget nobody used yet limits nothing")
        }
    }
}
