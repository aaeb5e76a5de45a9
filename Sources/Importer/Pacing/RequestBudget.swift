import DixaAPI
import Logging
import Metrics
import Outbox

/// Every Dixa request the importer makes is spent from its token's budget, at the call site:
/// `try await budget.spend { try await dixa.importConversation(request) }`. The budget waits for the request's
/// slot (the pacer: this process's `TokenBucket`, or the budget shared in PostgreSQL by `SharedRequestPacer`), sends
/// it, and after a 429 holds back every request of the budget for `Retry-After` and sends it again, up to
/// `maxRateLimitWaits` times. `DixaClient` itself only speaks HTTP: it sends one request and reports what came back.
public struct RequestBudget: Sendable {
    /// Nil: requests go out as soon as they are made (a 429 is still waited out).
    public let pacer: (any RequestPacer)?
    /// How many times one request waits out a 429 before its error reaches the caller.
    public var maxRateLimitWaits: Int
    /// The wait after a 429 without `Retry-After`, times the number of waits so far.
    public var rateLimitFallbackWait: Duration
    /// Whose budget this is: the `tenant` label of its metrics.
    public let tenant: String
    let logger: Logger

    public init(
        pacer: (any RequestPacer)?,
        maxRateLimitWaits: Int = 5,
        rateLimitFallbackWait: Duration = .seconds(1),
        tenant: String = Tenants.defaultName,
        logger: Logger
    ) {
        self.pacer = pacer
        self.maxRateLimitWaits = maxRateLimitWaits
        self.rateLimitFallbackWait = rateLimitFallbackWait
        self.tenant = tenant
        self.logger = logger
    }

    /// Sends `request` in its turn. Throws what the request throws (a `DixaError`), or `RequestBudgetUnavailable`
    /// when the pacer could not give it a slot, in which case nothing was sent.
    public func spend<Answer: Sendable>(_ request: () async throws -> Answer) async throws -> Answer {
        var rateLimitWaits = 0
        while true {
            try await waitForSlot()
            do {
                return try await request()
            } catch let error as DixaError where error.status == 429 && rateLimitWaits < maxRateLimitWaits {
                rateLimitWaits += 1
                Counter(label: "dixa_rate_limit_waits_total", dimensions: [("tenant", tenant)]).increment()
                let wait = error.retryAfterSeconds.map { Duration.milliseconds(Int64($0 * 1000)) } ?? rateLimitFallbackWait * rateLimitWaits
                logger.warning("Dixa answered 429; waiting before retrying", metadata: ["endpoint": "\(error.endpoint)", "wait": "\(wait)"])
                if let pacer {
                    // Every sharer backs off, not only this request; its next `acquire` waits out the pause.
                    try await paced { try await pacer.pause(for: wait) }
                } else {
                    try await Task.sleep(for: wait)
                }
            }
        }
    }

    /// Waits for the request's slot, letting slots go that its process woke too late for (`LateStart`).
    private func waitForSlot() async throws {
        guard let pacer else { return }
        var slotsLetGo = 0
        while true {
            let lateness = try await paced { try await pacer.acquire() }
            if LateStart.sends(lateness: lateness, limit: pacer.lateStartLimit, slotsLetGo: slotsLetGo) { return }
            slotsLetGo += 1
            Counter(label: "dixa_request_slots_let_go_total", dimensions: [("tenant", tenant)]).increment()
            logger.debug("Woke too late for a request's slot; booking another", metadata: ["late": "\(lateness)"])
        }
    }

    private func paced<Result>(_ call: () async throws -> Result) async throws -> Result {
        do {
            return try await call()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw RequestBudgetUnavailable(underlying: error)
        }
    }
}

/// The pacer could not give a request its slot (the shared budget's database failed), so nothing was sent.
/// `description` is log-safe; `underlying` says what failed.
public struct RequestBudgetUnavailable: Error, Sendable, CustomStringConvertible {
    public let underlying: any Error

    public var description: String {
        "the request budget could not be reserved, so nothing was sent: "
            + String(describing: type(of: underlying)) + ": " + String(String(describing: underlying).prefix(200))
    }
}
