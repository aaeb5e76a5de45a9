import ArgumentParser
import Foundation
import Outbox
import PostgresNIO

struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URL (default: $DATABASE_URL).",
            discussion: "Prefer the environment variable: a flag's value, password included, is visible to other users in `ps`.",
            valueName: "url"
        )
    )
    var databaseURL: String?

    func configuration() throws -> PostgresClient.Configuration {
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw CommandError("DATABASE_URL is not set: export DATABASE_URL=postgres://user:password@host:5432/database (or pass --database-url)")
        }
        return try DatabaseURL.configuration(from: url)
    }
}
