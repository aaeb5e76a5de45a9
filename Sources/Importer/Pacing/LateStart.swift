/// What becomes of a request whose slot came and went while its process was not running.
///
/// Dixa's bucket holds 4 requests and refills at 10 a second. A request that starts late arrives together with the
/// requests booked after it, from this process or another sharing the token, and while it was missing the bucket was
/// full and let its refill go. Each late start so leaves Dixa's bucket one request lower than the pacer counts on, for
/// the seconds the spare 2 % of the rate takes to win it back (`LimitAllowance`); a few of them in those seconds, and
/// Dixa answers 429. A slot left unused costs Dixa's bucket nothing. So a request that wakes too late lets its slot
/// go and books another, behind everything booked meanwhile: a late start costs one slot of the rate instead of a
/// 429.
public enum LateStart {
    /// Slots one request lets go before it is sent however late it starts, so that a process that is always late
    /// still makes progress.
    public static let slotsLetGoAtMost = 3

    /// How late past its slot a request may start: a quarter of a slot (25 ms at Dixa's 10 requests/s). Measured
    /// with three processes on two cores, half a slot still let 429s through (BENCHMARKS.md, issue #15).
    public static func limit(interval: Duration) -> Duration {
        interval / 4
    }

    /// Whether a request that woke `lateness` past its slot, after letting `slotsLetGo` slots go already, is sent
    /// (false: it books another slot).
    public static func sends(lateness: Duration, limit: Duration, slotsLetGo: Int) -> Bool {
        lateness <= limit || slotsLetGo >= slotsLetGoAtMost
    }
}
