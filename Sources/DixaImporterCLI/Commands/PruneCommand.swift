import ArgumentParser
import Foundation
import ImporterService
import Outbox

struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Deletes imported rows older than a given age, in bounded batches.",
        discussion: """
            Deletes rows imported longer ago than --older-than, 1,000 at a time, together with their attempts \
            and partial errors. Dead rows are never touched (requeue or inspect them first), nor are pending or \
            running ones. The end-user cache stays.

            Example (weekly, from cron):
              dixa-importer prune --older-than 30d
            """
    )

    @Option(help: ArgumentHelp("Age of the imported rows to delete: a number with d, h, m or s (30d, 12h).", valueName: "age"))
    var olderThan: String

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        guard let age = Self.duration(olderThan) else {
            throw CommandError("--older-than \(olderThan) is not an age; write e.g. 30d, 12h, 90m or 3600s")
        }
        let deleted = try await withOutbox(try database.settings(), logger: logger) { store in
            try await requireMigrated(store, logger: logger)
            return try await store.prune(importedBefore: age)
        }
        print("pruned \(deleted) imported row(s) older than \(olderThan)")
    }

    static func duration(_ text: String) -> Duration? {
        guard let unit = text.last, let value = Double(text.dropLast()), value >= 0 else { return nil }
        let seconds: Double
        switch unit {
        case "d": seconds = value * 86_400
        case "h": seconds = value * 3_600
        case "m": seconds = value * 60
        case "s": seconds = value
        default: return nil
        }
        return .milliseconds(Int64(seconds * 1000))
    }
}
