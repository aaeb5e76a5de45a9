import NIOCore
import PostgresNIO
import Synchronization

/// Borrows connections from a `PostgresClient`, and asks for one more whenever a connection closes while
/// requests wait, so that no request is left waiting for ever.
///
/// postgres-nio 1.33.2's pool queues a request without opening a connection when all it may open are leased. When
/// those connections close (a PostgreSQL restart closes every one at once), it opens a new one only to keep its
/// minimum, which is 0 here (`shapeForWorker`): the queued requests wait for a connection nobody opens, until some
/// new request comes along. In a worker whose every task waits, none does. `drain` hung this way after one restart
/// in three (issue #12); the rate budget's pool, with 2 connections for 16 rows, was always full.
///
/// A new request is what makes the pool open a connection, so each close seen with requests waiting makes one,
/// and hands its connection straight back. The pool serves its oldest waiter first, so the waiters get theirs.
final class ConnectionLeases: Sendable {
    let client: PostgresClient
    private let waiting = Atomic<Int>(0)
    private let watched = Mutex<Set<ObjectIdentifier>>([])

    init(client: PostgresClient) {
        self.client = client
    }

    /// As `PostgresClient.withConnection`.
    func withConnection<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        let wait = Waiting(self)
        defer { wait.end() }
        return try await client.withConnection { connection in
            wait.end()
            watchClose(of: connection)
            return try await body(connection)
        }
    }

    private func watchClose(of connection: PostgresConnection) {
        let key = ObjectIdentifier(connection)
        guard watched.withLock({ $0.insert(key).inserted }) else { return }
        // The callback holds the connection until it closes, so its identifier cannot be reused before it is removed.
        connection.closeFuture.whenComplete { [connection] _ in
            self.watched.withLock { _ = $0.remove(ObjectIdentifier(connection)) }
            guard self.waiting.load(ordering: .relaxed) > 0 else { return }
            Task { try? await self.client.withConnection { _ in } }
        }
    }

    /// One request's place among the waiting, given up once: when it gets its connection, or when it fails.
    private final class Waiting: Sendable {
        private let leases: ConnectionLeases
        private let ended = Atomic<Bool>(false)

        init(_ leases: ConnectionLeases) {
            self.leases = leases
            leases.waiting.add(1, ordering: .relaxed)
        }

        func end() {
            guard !ended.exchange(true, ordering: .relaxed) else { return }
            leases.waiting.subtract(1, ordering: .relaxed)
        }
    }
}
