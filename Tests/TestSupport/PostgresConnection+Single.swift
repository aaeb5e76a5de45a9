import PostgresNIO

extension PostgresConnection.Configuration {
    /// One connection to the database a pool configuration names, outside any pool: for LISTEN, and for tests that
    /// kill or watch a connection of their own.
    package static func single(_ pool: PostgresClient.Configuration) -> PostgresConnection.Configuration {
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
