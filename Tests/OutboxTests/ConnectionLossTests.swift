import Foundation
import Logging
import PostgresNIO
import Synchronization
import TestSupport
import Testing

@testable import Outbox

/// postgres-nio 1.33.2 drops a statement written to a connection the server has closed, and its caller waits for
/// ever. The outbox races every statement against the connection's close; these tests pin that down.
@Suite("a database connection that dies under a statement", .timeLimit(.minutes(1)))
struct ConnectionLossTests {
    @Test("a statement on a connection the server has closed fails with connection_lost instead of waiting for ever")
    func statementOnClosedConnection() async throws {
        let configuration = try await TestPostgres.freshDatabase()
        let logger = Logger(label: "connection-loss")
        let victim = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration.single(configuration),
            id: 1,
            logger: logger
        )
        let killer = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration.single(configuration),
            id: 2,
            logger: logger
        )
        defer { Task { try? await killer.close() } }
        let pid = try #require(try await victim.rows("SELECT pg_backend_pid()", logger: logger).first).decode(Int32.self)
        _ = try await killer.rows("SELECT pg_terminate_backend(\(pid))", logger: logger)
        try await victim.closeFuture.get()

        let error = await #expect(throws: OutboxError.self) { try await victim.rows("SELECT 1", logger: logger) }
        #expect(error?.code == .connectionLost)
        #expect(OutboxError.isConnectionLoss(try #require(error)))
    }

    @Test("the store recovers through the pool after every backend of its database is terminated")
    func storeAfterBackendsTerminated() async throws {
        try await TestEnvironment.with { env in
            #expect(try await env.store.dueCount() == 0)
            let killer = try await PostgresConnection.connect(
                configuration: PostgresConnection.Configuration.single(try DatabaseURL.configuration(from: env.databaseURL)),
                id: 3,
                logger: env.logger
            )
            defer { Task { try? await killer.close() } }
            var failures: [any Error] = []
            var succeeded = false
            for round in 0..<3 {
                _ = try await killer.rows(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
                    logger: env.logger
                )
                // Straight after the kill, and again once the pool has noticed: each call answers or fails, never hangs.
                for _ in 0..<20 {
                    do {
                        _ = try await env.store.dueCount()
                        succeeded = true
                        break
                    } catch {
                        failures.append(error)
                        try await Task.sleep(for: .milliseconds(50 * (round + 1)))
                    }
                }
            }
            #expect(succeeded)
            #expect(failures.allSatisfy(OutboxError.isConnectionLoss), "\(failures.map { String(reflecting: $0).prefix(200) })")
        }
    }

    @Test("requests queued behind a full pool get a connection after the connections it held all close")
    func queuedRequestsAfterEveryConnectionCloses() async throws {
        try await TestEnvironment.with { env in
            // A pool of one connection, as full as the rate budget's pool always is: one statement holds it, four wait.
            var configuration = try DatabaseURL.configuration(from: env.databaseURL)
            configuration.shapeForWorker(maximumConnections: 1)
            let client = PostgresClient(configuration: configuration, backgroundLogger: env.logger)
            let pool = Task { await client.run() }
            defer { pool.cancel() }
            let store = OutboxStore(client: client, logger: env.logger)
            let holder = Task { try await store.rows("SELECT pg_sleep(60)") }
            for _ in 0..<200 where try await env.count("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'") == 0 {
                try await Task.sleep(for: .milliseconds(50))
            }
            let waiters = (0..<4).map { _ in Task { try await store.dueCount() } }
            try await Task.sleep(for: .milliseconds(500))
            _ = try await env.count(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'"
            )
            await #expect(throws: (any Error).self) { try await holder.value }
            // postgres-nio 1.33.2 opens no connection for them (its minimum is 0): without `ConnectionLeases` they
            // wait for ever, and the deadline below has to cancel them. A waiter may be handed the dying connection
            // before the pool sees it close; it fails with connection_lost, which the worker handles. It must not wait.
            let deadlineFired = Atomic<Bool>(false)
            let deadline = Task {
                try await Task.sleep(for: .seconds(30))
                deadlineFired.store(true, ordering: .relaxed)
                waiters.forEach { $0.cancel() }
            }
            defer { deadline.cancel() }
            var outcomes: [String] = []
            for waiter in waiters {
                do {
                    outcomes.append("count \(try await waiter.value)")
                } catch let error where OutboxError.isConnectionLoss(error) {
                    outcomes.append("connection_lost")
                } catch {
                    outcomes.append("failed: \(String(reflecting: error).prefix(120))")
                }
            }
            let waitedForEver = deadlineFired.load(ordering: .relaxed)
            #expect(!waitedForEver, "still waiting after 30 s: \(outcomes)")
            #expect(outcomes.allSatisfy { $0 == "count 0" || $0 == "connection_lost" }, "\(outcomes)")
            #expect(try await store.dueCount() == 0)
        }
    }
}
