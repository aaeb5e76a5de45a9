import ArgumentParser
import ImporterService
import Outbox

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Creates or upgrades the outbox tables.",
        discussion: """
            Applies the migrations built into this binary (sql/migrations/) that the database lacks, in one \
            transaction, under an advisory lock so that concurrent runs wait for each other. Safe to run any \
            number of times; run it before `run` or `drain` after every upgrade.

            Example:
              DATABASE_URL=postgres://app@localhost/app dixa-importer migrate
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let applied = try await withOutbox(try database.settings(), logger: logger) { store in
            try await Migrator(client: store.client, logger: logger).migrate()
        }
        print(applied.isEmpty ? "up to date: no migration to apply" : "applied \(applied.count) migration(s): \(applied.joined(separator: ", "))")
    }
}
