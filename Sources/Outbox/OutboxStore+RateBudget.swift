import PostgresNIO

extension OutboxStore {
    /// Reserves the next request slot of the shared budget `key` and returns how long to wait for it.
    ///
    /// - Parameters:
    ///   - interval: one request's share of a second (100 ms at 10 requests/s).
    ///   - tolerance: how far ahead of the steady pace a request may start (the burst, as time).
    public func reserveRequestSlot(budget key: String, interval: Duration, tolerance: Duration) async throws -> Duration {
        var binds = PostgresBindings()
        binds.append(key)
        binds.append(Self.milliseconds(interval))
        binds.append(Self.milliseconds(tolerance))
        guard let row = try await execute(HotQueries.RateBudgetReserve.self, binds).first else {
            throw OutboxError(.unexpectedResult, "reserving a request slot returned no row")
        }
        let waitMilliseconds = try row.decode(Double.self)
        return .microseconds(Int64((waitMilliseconds * 1000).rounded(.up)))
    }

    /// Keeps every sharer of budget `key` from starting a request within `pause`, after Dixa answered 429.
    public func pauseRequests(budget key: String, for pause: Duration, tolerance: Duration) async throws {
        var binds = PostgresBindings()
        binds.append(key)
        binds.append(Self.milliseconds(pause))
        binds.append(Self.milliseconds(tolerance))
        _ = try await execute(Queries.rateBudgetPause, binds)
    }

    /// A duration in (fractional) milliseconds, the unit the budget statements take.
    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
