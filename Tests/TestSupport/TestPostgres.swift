import Foundation
import LocalPostgres
import Logging
import Outbox
import PostgresNIO

/// The PostgreSQL server the tests use: `DATABASE_URL` when set, else one throwaway cluster for the
/// whole test process, stopped when the process exits. Every test gets a database of its own.
package enum TestPostgres {
    /// Started on first use; a failure to start is reported by every test that needs it.
    nonisolated(unsafe) private static var throwaway: LocalPostgres?

    package static let server: Result<PostgresClient.Configuration, any Error> = {
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            return Result { try DatabaseURL.configuration(from: url) }
        }
        return Result {
            let postgres = try LocalPostgres.start(logger: Logger(label: "test-postgres"))
            throwaway = postgres
            atexit { TestPostgres.stopThrowaway() }
            return try DatabaseURL.configuration(from: postgres.url())
        }
    }()

    package static func stopThrowaway() {
        throwaway?.stop()
    }

    /// Creates an empty database and returns a `postgres://` URL for it, for tests that run the binary.
    package static func freshDatabaseURL() async throws -> String {
        let configuration = try await freshDatabase()
        let password = configuration.password.map { ":\($0)" } ?? ""
        let host = configuration.host ?? "127.0.0.1"
        return "postgres://\(configuration.username)\(password)@\(host):\(configuration.port ?? 5432)/\(configuration.database ?? "")?sslmode=disable"
    }

    /// Creates an empty database and returns a configuration pointing at it.
    package static func freshDatabase() async throws -> PostgresClient.Configuration {
        try await TestFailure.explainingPostgresErrors("creating a test database") { try await createDatabase() }
    }

    private static func createDatabase() async throws -> PostgresClient.Configuration {
        let admin = try server.get()
        let name = "dixa_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: admin.host ?? "127.0.0.1",
                port: admin.port ?? 5432,
                username: admin.username,
                password: admin.password,
                database: admin.database,
                tls: .disable
            ),
            id: 1,
            logger: Logger(label: "test-admin")
        )
        defer { Task { try? await connection.close() } }
        // The name is generated above, never user input; CREATE DATABASE cannot take a bind parameter.
        try await connection.query("CREATE DATABASE \(unescaped: name)", logger: Logger(label: "test-admin"))
        var configuration = admin
        configuration.database = name
        configuration.options.maximumConnections = 30
        return configuration
    }
}
