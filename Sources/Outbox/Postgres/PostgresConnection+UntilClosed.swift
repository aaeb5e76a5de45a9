import Logging
import NIOCore
import PostgresNIO
import Synchronization

extension PostgresConnection {
    /// Runs `operation` on this connection, and fails it with `connectionLost` as soon as the connection closes, or
    /// when `timeout` passes without an answer, in which case it closes the connection.
    ///
    /// postgres-nio 1.33.2 never completes a statement written to a connection the server has just closed
    /// (a PostgreSQL restart, a terminated backend): the write is dropped, and the statement's caller waits for
    /// ever, uncancellably. So the operation runs in a task of its own that the caller can walk away from when
    /// the connection's close comes first.
    ///
    /// A connection whose packets are dropped without a reset (a NAT that forgot it, a failover) never closes at all:
    /// TCP would wait for hours. The timeout notices it, and closing the connection takes it out of the pool.
    func untilClosed<Result: Sendable>(
        timeout: Duration? = nil,
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let race = ClosingRace<Result>()
        let lost = OutboxError(.connectionLost, "the database connection closed while a statement was in flight")
        // One close callback per connection, shared by its statements: a callback per statement would stay
        // registered on a pooled connection's close future for the connection's whole life (a leak per statement).
        let watch = ConnectionCloseWatch.of(self)
        guard let token = watch.register({ race.finish(.failure(lost)) }) else { throw lost }
        defer { watch.unregister(token) }
        // A timer on the connection's event loop rather than a task: it costs next to nothing per statement.
        let timer = timeout.map { timeout in
            eventLoop.scheduleTask(
                in: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
            ) {
                race.finish(.failure(OutboxError(.connectionLost, "no answer from the database within \(timeout); closed the connection")))
                let _: EventLoopFuture<Void> = self.close()
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard race.start(continuation) else { return }
                race.attach(
                    Task {
                        do {
                            race.finish(.success(try await operation()))
                        } catch {
                            race.finish(.failure(error))
                        }
                    }
                )
            }
        } onCancel: {
            race.cancel()
        }
    }

    /// Runs `query` and collects its rows, failing at once if the connection closes meanwhile, or after `timeout`.
    @discardableResult
    func rows(_ query: PostgresQuery, timeout: Duration? = nil, logger: Logger) async throws -> [PostgresRow] {
        try await untilClosed(timeout: timeout) { try await self.query(query, logger: logger).collect() }
    }
}
