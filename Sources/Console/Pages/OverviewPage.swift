import Foundation
import Outbox

/// `/`: rows per state and tenant, the oldest due row, the day's imports, requests and 429s per minute, the budget in
/// use per tenant, and a banner per halt not yet over. Five statements, whatever the tables hold.
struct OverviewPage {
    struct TenantRow {
        var tenant: String
        var pending = 0
        var running = 0
        var imported = 0
        var dead = 0
        // Stored, not computed: mustache reads values through `Mirror`, which sees stored properties only.
        var total = 0
    }

    struct Halt {
        let tenant: String
        let worker: String
        let haltedAt: String
        let cause: String
        let remedy: String
    }

    struct Budget {
        let tenant: String
        let enabled: String
        let rate: String
        let requests: Int
        let perSecond: String
        let inUse: String
        let limited: Int
    }

    let title = "Overview"
    let readOnly: Bool
    let halts: [Halt]
    let oldestDue: String
    let tenants: [TenantRow]
    let totals: TenantRow
    let importedTotal: Int
    let importsPeak: Int
    let importsChart: ConsoleChart
    let requestsTotal: Int
    let limitedTotal: Int
    let requestsChart: ConsoleChart
    let budgets: [Budget]

    static func load(_ data: ConsoleData, settings: ConsoleSettings, now: Date = Date()) async throws -> OverviewPage {
        let halts = try await data.run { try await $0.consoleActiveHalts(limit: ConsoleLimits.activeHalts) }
        let states = try await data.run { try await $0.consoleStateCounts(limit: ConsoleLimits.stateGroups) }
        let oldest = try await data.run { try await $0.consoleOldestDueAge() }
        let minutes = try await data.run { try await $0.consoleMinutes(last: ConsoleLimits.chartMinutes) }
        let budgets = try await data.run { try await $0.consoleBudgetUse(limit: ConsoleLimits.tenants) }

        var byTenant: [String: TenantRow] = [:]
        var totals = TenantRow(tenant: "all")
        for count in states {
            var row = byTenant[count.tenant] ?? TenantRow(tenant: count.tenant)
            switch count.state {
            case "pending":
                row.pending += count.rows
                totals.pending += count.rows
            case "running":
                row.running += count.rows
                totals.running += count.rows
            case "imported":
                row.imported += count.rows
                totals.imported += count.rows
            default:
                row.dead += count.rows
                totals.dead += count.rows
            }
            row.total += count.rows
            totals.total += count.rows
            byTenant[count.tenant] = row
        }
        return OverviewPage(
            readOnly: settings.readOnly,
            halts: halts.map {
                Halt(tenant: $0.tenant, worker: $0.worker, haltedAt: ConsoleFormat.time($0.haltedAt), cause: $0.cause, remedy: $0.remedy)
            },
            oldestDue: oldest.map { "\(ConsoleFormat.age(seconds: $0)) past due" } ?? "nothing is due",
            tenants: byTenant.values.sorted { $0.tenant < $1.tenant },
            totals: totals,
            importedTotal: minutes.reduce(0) { $0 + $1.imported },
            importsPeak: minutes.map(\.imported).max() ?? 0,
            importsChart: ConsoleChart(minutes: minutes, end: now, values: [("imported", { $0.imported })]),
            requestsTotal: minutes.reduce(0) { $0 + $1.dixaRequests },
            limitedTotal: minutes.reduce(0) { $0 + $1.rateLimited },
            requestsChart: ConsoleChart(
                minutes: minutes,
                end: now,
                values: [("requests", { $0.dixaRequests }), ("limited", { $0.rateLimited })]
            ),
            budgets: budgets.map { budget in
                let rate = budget.rateLimit ?? settings.defaultRateLimit
                let perSecond = Double(budget.requestsLastMinute) / 60
                return Budget(
                    tenant: budget.tenant,
                    enabled: budget.enabled ? "yes" : "no",
                    rate: "\(ConsoleFormat.decimal(rate))/s" + (budget.rateLimit == nil ? " (from the environment)" : ""),
                    requests: budget.requestsLastMinute,
                    perSecond: ConsoleFormat.decimal(perSecond, digits: 2),
                    inUse: "\(ConsoleFormat.decimal(perSecond / rate * 100))%",
                    limited: budget.rateLimitedLastMinute
                )
            }
        )
    }
}
