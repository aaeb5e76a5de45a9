import ArgumentParser
import Foundation
import ImporterService

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

    func settings() throws -> DatabaseSettings {
        try DatabaseSettings(url: databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"])
    }
}
