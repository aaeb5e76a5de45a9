import Logging
import Outbox

/// Runs `body` again while it fails because the database went away (a restart, a dropped connection, a connection
/// that went silent), with a short backoff, for at most `limit`; other errors, and the last one, are thrown.
///
/// For writes the worker owes the database once the work is done: an outcome, a lost claim's hand-back. The worker
/// still holds the lease and knows the outcome, so waiting for the database costs seconds; leaving the write undone
/// would leave the row `running` until its lease ran out (minutes).
func retryingWhileDatabaseIsAway<Result: Sendable>(
    for limit: Duration,
    _ what: String,
    logger: Logger,
    metadata: Logger.Metadata = [:],
    _ body: () async throws -> Result
) async throws -> Result {
    let deadline = ContinuousClock.now + limit
    var wait = Duration.milliseconds(100)
    var failures = 0
    while true {
        do {
            let result = try await body()
            if failures > 0 {
                logger.notice("\(what): done once the database answered again", metadata: metadata.merging(["tries": "\(failures + 1)"]) { $1 })
            }
            return result
        } catch  where OutboxError.isConnectionLoss(error) && ContinuousClock.now + wait < deadline {
            if failures == 0 {
                logger.warning(
                    "\(what): the database is away; trying again until it answers",
                    metadata: metadata.merging(["error": "\(String(reflecting: error).prefix(200))"]) { $1 }
                )
            }
            failures += 1
            try await Task.sleep(for: wait)
            wait = min(wait * 2, .seconds(2))
        }
    }
}
