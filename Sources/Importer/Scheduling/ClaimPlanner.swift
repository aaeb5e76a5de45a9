import Outbox

/// Decides which tenants the next claim offers, and how many rows of each: the worker's fairness across tenants, as a
/// plain value with no I/O (`ClaimPlannerTests`).
///
/// - A tenant gets at most what its budget sends within `horizon`, less the rows this worker already has in flight
///   for it: a tenant whose budget is busy gets nothing, and takes no worker slot from the others.
/// - Tenants take turns: the offered ones rotate from claim to claim, and the batch is split evenly between the tenants
///   that have rows, so a tenant with a huge backlog gets its share and no more.
/// - A tenant whose last probe found nothing is idle, and offered again only as one of a few probes per claim, when a
///   NOTIFY names it, or when a new pass begins. So a claim probes about as many tenants as it takes rows, however many
///   tenants there are.
public struct ClaimPlanner: Sendable {
    /// How far ahead a claim may book a tenant's budget.
    public let horizon: Duration
    /// Idle tenants probed per claim, besides the active ones.
    public let idleProbes: Int
    private(set) var inFlight: [String: Int] = [:]
    /// Rows offered to claims not yet answered: lanes plan side by side, and each must see what the others may get.
    private(set) var reserved: [String: Int] = [:]
    private(set) var idle: Set<String> = []
    /// Tenants a NOTIFY named: offered first by the next claim.
    private(set) var named: [String] = []
    private var rotation = 0

    public init(horizon: Duration = .seconds(1), idleProbes: Int = 2) {
        self.horizon = horizon
        self.idleProbes = idleProbes
    }

    /// The offers for a claim of `batch` rows among `tenants` (the claimable ones, in a stable order, with their pace;
    /// nil: unpaced).
    public mutating func plan(_ tenants: [(name: String, pace: TenantPace?)], batch: Int) -> [TenantOffer] {
        let (inFlight, reserved, horizon) = (self.inFlight, self.reserved, self.horizon)
        let capacity = { (tenant: (name: String, pace: TenantPace?)) -> Int in
            // An unpaced tenant (tests, the bench) is limited by the batch alone.
            guard let pace = tenant.pace else { return batch }
            return max(0, pace.rows(within: horizon) - (inFlight[tenant.name] ?? 0) - (reserved[tenant.name] ?? 0))
        }
        let eligible = tenants.filter { capacity($0) > 0 }
        guard !eligible.isEmpty else { return [] }
        let start = rotation % eligible.count
        var rotated = Array(eligible[start...] + eligible[..<start])
        // Named tenants go first, in the order they were named.
        let first = named.compactMap { name in rotated.first { $0.name == name } }
        rotated = first + rotated.filter { tenant in !first.contains { $0.name == tenant.name } }
        let idle = self.idle
        let active = rotated.filter { !idle.contains($0.name) }
        let waiting = rotated.filter { idle.contains($0.name) }
        // With no tenant known to have rows, probe as many as a batch could serve.
        let probes = active.isEmpty ? batch : idleProbes
        let share = max(1, (batch + max(1, active.count) - 1) / max(1, active.count))
        var offers: [TenantOffer] = []
        for tenant in active.prefix(batch) + waiting.prefix(probes) {
            let interval = tenant.pace?.interval ?? .zero
            let tolerance = LimitAllowance.tolerance(interval: interval, burst: tenant.pace?.burst ?? 1)
            offers.append(
                TenantOffer(
                    tenant: tenant.name,
                    quota: min(capacity(tenant), share),
                    budgetKey: tenant.pace?.budgetKey,
                    intervalMilliseconds: interval.milliseconds,
                    windowMilliseconds: (horizon + tolerance).milliseconds
                )
            )
        }
        rotation += max(1, offers.count)
        named = []
        for offer in offers { self.reserved[offer.tenant, default: 0] += offer.quota }
        return offers
    }

    /// What a claim of `offers` got, per tenant: a tenant that got nothing is idle until woken.
    public mutating func claimed(_ offers: [TenantOffer], rows: [String: Int]) {
        abandoned(offers)
        for offer in offers {
            let got = rows[offer.tenant] ?? 0
            if got == 0 { idle.insert(offer.tenant) } else { idle.remove(offer.tenant) }
        }
        for (tenant, count) in rows { inFlight[tenant, default: 0] += count }
    }

    /// The claim of `offers` got no answer (it failed): what they reserved is free again.
    public mutating func abandoned(_ offers: [TenantOffer]) {
        for offer in offers {
            let left = (reserved[offer.tenant] ?? 0) - offer.quota
            reserved[offer.tenant] = left > 0 ? left : nil
        }
    }

    /// A row of `tenant` is written back: its budget may be offered again.
    public mutating func finished(_ tenant: String) {
        guard let count = inFlight[tenant] else { return }
        inFlight[tenant] = count > 1 ? count - 1 : nil
    }

    /// New rows may be due: for `tenants` when a NOTIFY named them, else for every tenant (a poll, a new pass).
    public mutating func wake(_ tenants: [String]? = nil) {
        guard let tenants else {
            idle = []
            return
        }
        for tenant in tenants where !named.contains(tenant) {
            idle.remove(tenant)
            named.append(tenant)
        }
    }

    /// Whether some tenant of `tenants` may still have due rows this claim loop has not found: one that is not idle
    /// and has budget to spare. When none has, a claim that found nothing means nothing is due.
    public func mayHaveDueRows(_ tenants: [(name: String, pace: TenantPace?)], batch: Int) -> Bool {
        tenants.contains { tenant in
            guard !idle.contains(tenant.name) else { return false }
            guard let pace = tenant.pace else { return true }
            return pace.rows(within: horizon) > (inFlight[tenant.name] ?? 0) + (reserved[tenant.name] ?? 0)
        }
    }
}
