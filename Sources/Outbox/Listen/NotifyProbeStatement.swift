import PostgresNIO

/// `notify_probe.sql`: a probe on the outbox channel, to learn whether notifications reach this worker.
struct NotifyProbeStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.notifyProbe
    let payload: String

    func bind(_ binds: inout StatementBinds) { binds.append(payload, as: "payload") }
}
