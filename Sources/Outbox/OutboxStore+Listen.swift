import PostgresNIO

extension OutboxStore {
    /// The channel the INSERT trigger notifies.
    public static let notifyChannel = "dixa_outbox"

    /// Holds one pooled connection in LISTEN on the outbox channel and calls `onNotify` for every
    /// notification, plus once right after subscribing (rows inserted while nobody listened).
    /// Returns when the connection drops or the task is cancelled; the caller reconnects.
    public func listen(onSubscribed: @escaping @Sendable () -> Void = {}, onNotify: @escaping @Sendable (_ payload: String) -> Void) async throws {
        try await client.withConnection { connection in
            // LISTEN is a statement like any other: if the connection died just before it, only the close tells.
            try await connection.untilClosed {
                try await connection.listen(on: Self.notifyChannel) { notifications in
                    onSubscribed()
                    onNotify("")
                    for try await notification in notifications {
                        onNotify(notification.payload)
                    }
                }
            }
        }
    }

    /// Sends `payload` on the outbox channel through the pool (not the listening connection), as an
    /// INSERT's trigger would.
    public func sendProbe(_ payload: String) async throws {
        var binds = PostgresBindings()
        binds.append(payload)
        _ = try await execute(Queries.notifyProbe, binds)
    }
}
