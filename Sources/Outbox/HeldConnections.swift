import PostgresNIO

extension PostgresClient.Configuration {
    /// A pool that holds `count` connections open instead of timing them: no idle timeout, no keep-alive ping.
    ///
    /// postgres-nio arms an idle timer and a keep-alive timer each time a connection goes back to the pool, and
    /// cancels them at the next lease, so once per statement. On Linux a cancelled sleep keeps its memory until its
    /// original deadline (60 s and 30 s), which at hundreds of statements per second is tens of MB. Connections
    /// within the pool's minimum get no idle timer, and without keep-alive there is no other. A connection that died
    /// while held is found by the next statement on it, which fails with `connection_lost`; the worker reconnects.
    public mutating func holdConnections(_ count: Int) {
        options.maximumConnections = max(1, count)
        options.minimumConnections = options.maximumConnections
        options.keepAliveBehavior = nil
    }

    /// Connections a worker with `concurrency` rows in flight can use at once: one per row, and some for the claim,
    /// the LISTEN connection and the rate-budget statement; at most postgres-nio's default of 20.
    public static func workerConnections(concurrency: Int) -> Int {
        min(20, concurrency + 3)
    }
}
