/// How long `run` sleeps after a claim loop that claimed nothing, before it polls again: a plain function with no I/O
/// (`IdleWaitTests`). A NOTIFY ends the sleep early.
public enum IdleWait {
    /// The shortest sleep: claiming sooner than this only spins.
    static let floor = Duration.milliseconds(5)

    /// - `poll`: the polling safety net's interval (already shortened to the tenant refresh interval).
    /// - `untilRecheck`: until a halted tenant may be tried again; nil when none is halted.
    /// - `untilNextDue`: until the next pending row falls due or a lease runs out (zero or less: rows are due now);
    ///   nil when nothing is pending or leased.
    /// - `tenants`: the claimable tenants and their pace.
    ///
    /// Rows that are due now but were not claimed wait for a budget booked ahead (by this process or another; the
    /// claim offers a tenant only the slots its shared budget has free) or are locked by another worker's claim: a
    /// slot frees one request interval later, so the loop waits the shortest interval rather than polling every few
    /// milliseconds.
    public static func duration(
        poll: Duration,
        untilRecheck: Duration?,
        untilNextDue: Duration?,
        tenants: [(name: String, pace: TenantPace?)]
    ) -> Duration {
        var wait = poll
        if let untilRecheck { wait = min(wait, max(floor, untilRecheck + floor)) }
        guard let untilNextDue else { return wait }
        guard untilNextDue > .zero else {
            let slot = tenants.compactMap { $0.pace?.interval }.min() ?? floor
            return min(wait, max(floor, slot))
        }
        return min(wait, untilNextDue + floor)
    }
}
