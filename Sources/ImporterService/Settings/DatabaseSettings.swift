import Outbox
import PostgresNIO

/// Where the outbox lives: `DATABASE_URL`, parsed and checked once.
public struct DatabaseSettings: Sendable {
    /// The client configuration the URL describes, with postgres-nio's default pool options; each pool reshapes it.
    public let configuration: PostgresClient.Configuration

    /// - Parameter url: `postgres://user:password@host:5432/database`; nil or empty when it was not given.
    public init(url: String?) throws(SettingsError) {
        guard let url, !url.isEmpty else {
            throw SettingsError(
                .missing,
                "DATABASE_URL is not set: export DATABASE_URL=postgres://user:password@host:5432/database (or pass --database-url)"
            )
        }
        do {
            configuration = try DatabaseURL.configuration(from: url)
        } catch {
            // DatabaseURL's messages never repeat the URL, which may hold a password.
            throw SettingsError(.invalid, (error as? OutboxError)?.message ?? "DATABASE_URL cannot be read")
        }
    }

    public init(configuration: PostgresClient.Configuration) {
        self.configuration = configuration
    }
}
