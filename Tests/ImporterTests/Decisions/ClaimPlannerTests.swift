import Foundation
import Outbox
import Testing

@testable import Importer

/// Which tenants a claim offers and how many rows of each: no database, no HTTP.
@Suite("The claim planner: fair turns, each tenant within its budget")
struct ClaimPlannerTests {
    static let dixa = TenantPace(requestsPerSecond: 10, burst: 4, budgetKey: "k")

    static func tenants(_ names: [String], pace: TenantPace? = dixa) -> [(name: String, pace: TenantPace?)] {
        names.map { ($0, pace) }
    }

    @Test("a tenant is offered what its budget sends within the horizon, less what is in flight; a full one is not offered")
    func quotaFromBudget() {
        var planner = ClaimPlanner(horizon: .seconds(1))
        let one = planner.plan(Self.tenants(["a"]), batch: 32)
        #expect(one.map(\.quota) == [10])
        // One request per 102.041 ms: 98 % of 10 a second (LimitAllowance).
        #expect(one.first?.budgetKey == "k" && abs((one.first?.intervalMilliseconds ?? 0) - 102.041) < 0.001)
        // The horizon and the burst's tolerance: 4 requests, less the first and the two kept in hand.
        #expect(abs((one.first?.windowMilliseconds ?? 0) - 1102.041) < 0.001)
        planner.claimed(one, rows: ["a": 7])
        let two = planner.plan(Self.tenants(["a"]), batch: 32)
        #expect(two.map(\.quota) == [3])
        planner.claimed(two, rows: ["a": 3])
        #expect(planner.plan(Self.tenants(["a"]), batch: 32).isEmpty)
        planner.finished("a")
        #expect(planner.plan(Self.tenants(["a"]), batch: 32).map(\.quota) == [1])
    }

    @Test("claims planned side by side share the budget: a plan not yet answered holds its quota until claimed or abandoned")
    func plansSideBySide() {
        var planner = ClaimPlanner(horizon: .seconds(1))
        let first = planner.plan(Self.tenants(["a"]), batch: 8)
        let second = planner.plan(Self.tenants(["a"]), batch: 8)
        #expect(first.map(\.quota) == [8] && second.map(\.quota) == [2], "10 a second: the second lane gets what the first left")
        #expect(planner.plan(Self.tenants(["a"]), batch: 8).isEmpty)
        #expect(!planner.mayHaveDueRows(Self.tenants(["a"]), batch: 8))
        planner.claimed(first, rows: ["a": 3])
        #expect(planner.plan(Self.tenants(["a"]), batch: 8).map(\.quota) == [5], "3 in flight, 2 held by the second plan")
        planner.abandoned(second)
        planner.claimed([], rows: [:])
        #expect(planner.inFlight["a"] == 3 && planner.reserved["a"] == 5)
    }

    @Test("the batch is split evenly between the tenants that have rows, and the turns rotate from claim to claim")
    func evenShares() {
        var planner = ClaimPlanner(horizon: .seconds(10))
        let names = (1...8).map { "t\($0)" }
        let first = planner.plan(Self.tenants(names), batch: 4)
        #expect(first.count == 4 && first.allSatisfy { $0.quota == 1 })
        planner.claimed(first, rows: Dictionary(uniqueKeysWithValues: first.map { ($0.tenant, 1) }))
        let second = planner.plan(Self.tenants(names), batch: 4)
        #expect(Set(second.map(\.tenant)).isDisjoint(with: first.map(\.tenant)), "the next claim offers the others first")
        var few = ClaimPlanner()
        #expect(few.plan(Self.tenants(["a", "b"]), batch: 32).map(\.quota) == [10, 10], "at most the budget, even with room")
        var unpaced = ClaimPlanner()
        #expect(unpaced.plan(Self.tenants(["a", "b", "c"], pace: nil), batch: 32).map(\.quota) == [11, 11, 11])
    }

    @Test("a tenant that had nothing is idle: only probed alongside, until a NOTIFY names it or a pass wakes all")
    func idleTenants() {
        var planner = ClaimPlanner(horizon: .seconds(1), idleProbes: 1)
        let names = ["a", "b", "c", "d"]
        let all = planner.plan(Self.tenants(names), batch: 32)
        planner.claimed(all, rows: ["a": 1])
        #expect(planner.mayHaveDueRows(Self.tenants(names), batch: 32))
        let next = planner.plan(Self.tenants(names), batch: 32)
        #expect(next.map(\.tenant).first == "a" && next.count == 2, "the active tenant and one idle probe")
        planner.claimed(next, rows: [:])
        planner.finished("a")
        #expect(!planner.mayHaveDueRows(Self.tenants(names), batch: 32), "every tenant found empty: nothing is due")
        planner.wake(["c"])
        let named = planner.plan(Self.tenants(names), batch: 32)
        #expect(named.first?.tenant == "c", "named tenants go first")
        planner.abandoned(named)
        planner.wake()
        #expect(planner.plan(Self.tenants(names), batch: 32).count == 4)
    }

    @Test("with no tenant known to have rows, a claim probes as many as its batch")
    func sweep() {
        var planner = ClaimPlanner(horizon: .seconds(1), idleProbes: 2)
        let names = (1...100).map { "t\($0)" }
        let first = planner.plan(Self.tenants(names), batch: 32)
        planner.claimed(first, rows: [:])
        #expect(planner.plan(Self.tenants(names), batch: 32).count == 32 + 2, "68 never probed yet, then 2 idle probes")
    }
}
