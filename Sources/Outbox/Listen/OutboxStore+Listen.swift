import PostgresNIO

extension OutboxStore {
    /// The channel the INSERT trigger notifies.
    public static let notifyChannel = "dixa_outbox"

    /// How often a listening connection is asked whether it is still there, when the store has a statement timeout.
    static let listenCheckInterval = Duration.seconds(15)

    /// Holds one pooled connection in LISTEN on the outbox channel and calls `onNotify` for every
    /// notification, plus once right after subscribing (rows inserted while nobody listened).
    /// Returns when the connection drops or the task is cancelled; the caller reconnects.
    ///
    /// A listening connection sends nothing, so one that went silent (packets dropped, no reset) would never be
    /// noticed; with a statement timeout, a `SELECT 1` every `listenCheckInterval` notices it within that timeout.
    public func listen(onSubscribed: @escaping @Sendable () -> Void = {}, onNotify: @escaping @Sendable (_ payload: String) -> Void) async throws {
        try await leases.withConnection { connection in
            // LISTEN is a statement like any other: if the connection died just before it, only the close tells.
            try await connection.untilClosed {
                try await connection.listen(on: Self.notifyChannel) { notifications in
                    onSubscribed()
                    onNotify("")
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await notification in notifications {
                                onNotify(notification.payload)
                            }
                        }
                        if let timeout = statementTimeout {
                            group.addTask {
                                while true {
                                    try await Task.sleep(for: Self.listenCheckInterval)
                                    try await connection.rows("SELECT 1", timeout: timeout, logger: logger)
                                }
                            }
                        }
                        // Whichever ends first (the notifications, or a check that found the connection gone) ends both.
                        try await group.next()
                        group.cancelAll()
                    }
                }
            }
        }
    }

    /// Sends `payload` on the outbox channel through the pool (not the listening connection), as an
    /// INSERT's trigger would.
    public func sendProbe(_ payload: String) async throws {
        _ = try await execute(NotifyProbeStatement(payload: payload))
    }
}
