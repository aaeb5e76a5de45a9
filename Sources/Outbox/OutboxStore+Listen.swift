import PostgresNIO

extension OutboxStore {
    /// The channel the INSERT trigger notifies.
    public static let notifyChannel = "dixa_outbox"

    /// Holds one pooled connection in LISTEN on the outbox channel and calls `onNotify` for every
    /// notification, plus once right after subscribing (rows inserted while nobody listened).
    /// Returns when the connection drops or the task is cancelled; the caller reconnects.
    public func listen(onSubscribed: @Sendable () -> Void = {}, onNotify: @Sendable () -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: Self.notifyChannel) { notifications in
                onSubscribed()
                onNotify()
                for try await _ in notifications {
                    onNotify()
                }
            }
        }
    }
}
