import Logging
import Outbox

/// Renews a row's lease every half lease while the row is worked (step 5), so that a slow row is never taken over.
struct LeaseKeeper: Sendable {
    let store: OutboxStore
    let leaseDuration: Duration
    let logger: Logger

    /// Returns `.leaseLost` if another worker took the row over; nil when cancelled because the row is done.
    func keepAlive(_ lease: Lease) async -> RowDecision? {
        while true {
            do {
                try await Self.sleepInSteps(leaseDuration / 2)
                guard try await store.renew(lease, for: leaseDuration) else {
                    logger.warning("lease lost while processing; stopping work on the row", metadata: ["row": "\(lease.rowID)"])
                    return .leaseLost
                }
            } catch is CancellationError {
                return nil
            } catch {
                logger.warning(
                    "could not renew a lease; trying again",
                    metadata: ["row": "\(lease.rowID)", "error": "\(String(reflecting: error).prefix(200))"]
                )
            }
        }
    }

    /// Sleeps in steps of at most 5 s.
    ///
    /// On Linux a cancelled `Task.sleep` keeps its timer, and the task's memory, until the original deadline. Every
    /// row sleeps half a lease (150 s by default) before renewing it, and that sleep is cancelled as soon as the row
    /// is done; at hundreds of rows a second, one long sleep per row would hold tens of MB for minutes. Short steps
    /// bound that to a few seconds' worth of rows.
    static func sleepInSteps(_ duration: Duration) async throws {
        var remaining = duration
        while remaining > .zero {
            let step = min(remaining, .seconds(5))
            try await Task.sleep(for: step)
            remaining -= step
        }
    }
}
