import Foundation
import Logging
import Outbox
import PostgresNIO
import Synchronization

/// LISTENs on a channel on a connection of its own and keeps every payload, for tests to wait on.
package final class NotificationCollector: Sendable {
    private final class Payloads: Sendable {
        let values = Mutex<[String]>([])
    }
    private let payloads = Payloads()
    private let task: Task<Void, Never>
    private let connection: PostgresConnection

    package init(env: TestEnvironment, channel: String) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration.single(try DatabaseURL.configuration(from: env.databaseURL)),
            id: 77,
            logger: env.logger
        )
        let notifications = try await connection.listen(channel)
        let payloads = self.payloads
        self.connection = connection
        self.task = Task {
            do {
                for try await notification in notifications {
                    payloads.values.withLock { $0.append(notification.payload) }
                }
            } catch {}
        }
    }

    package var received: [String] { payloads.values.withLock { $0 } }

    /// Waits until `payload` has arrived (bounded; the suite's time limit is the backstop).
    package func wait(for payload: String) async throws -> Bool {
        for _ in 0..<500 {
            if received.contains(payload) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    package func close() async {
        task.cancel()
        try? await connection.close()
    }
}
