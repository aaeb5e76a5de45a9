import PostgresNIO

extension PostgresClient.Configuration {
    /// How long a pooled connection may sit idle before the pool closes it.
    ///
    /// Short on purpose: postgres-nio arms an idle timer each time a connection goes back to the pool, once per
    /// statement, and cancels it at the next lease. On Linux a cancelled sleep keeps its memory until its original
    /// deadline. A 40,000-row `drain` grew to 104 MB with postgres-nio's default of 60 s, and stayed at 44 MB with 1 s.
    public static let workerIdleTimeout: Duration = .seconds(2)

    /// The pool `run`, `drain` and the bench use: up to `count` connections, opened on demand, each closed after
    /// `workerIdleTimeout` unused, and no keep-alive ping (whose timer would cost the same memory).
    ///
    /// The minimum stays 0. postgres-nio 1.33.2's pool traps on `precondition(minimumConcurrentConnections <=
    /// stats.active)` when a connection is asked for while the connections it keeps are closing, which a PostgreSQL
    /// restart does to all of them at once; with a minimum of 0 that precondition cannot fail. A connection that died
    /// while idle is found by the next statement on it, which fails with `connection_lost`; the worker retries it.
    public mutating func shapeForWorker(maximumConnections count: Int) {
        options.maximumConnections = max(1, count)
        options.minimumConnections = 0
        options.connectionIdleTimeout = Self.workerIdleTimeout
        options.keepAliveBehavior = nil
    }

    /// Connections a worker with `concurrency` rows in flight can use at once: one per row, and some for the claim,
    /// the LISTEN connection and the rate-budget statement; at most postgres-nio's default of 20.
    public static func workerConnections(concurrency: Int) -> Int {
        min(20, concurrency + 3)
    }
}
