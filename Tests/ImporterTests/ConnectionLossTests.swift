import Foundation
import Logging
import PostgresNIO
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
        let victim = try await PostgresConnection.connect(configuration: Self.single(configuration), id: 1, logger: logger)
        let killer = try await PostgresConnection.connect(configuration: Self.single(configuration), id: 2, logger: logger)
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
                configuration: Self.single(try DatabaseURL.configuration(from: env.databaseURL)),
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

    static func single(_ pool: PostgresClient.Configuration) -> PostgresConnection.Configuration {
        PostgresConnection.Configuration(
            host: pool.host ?? "127.0.0.1",
            port: pool.port ?? 5432,
            username: pool.username,
            password: pool.password,
            database: pool.database,
            tls: .disable
        )
    }
}
