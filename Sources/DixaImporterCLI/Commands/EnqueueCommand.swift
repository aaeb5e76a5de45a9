import ArgumentParser
import Foundation
import Importer
import ImporterService
import Outbox

struct EnqueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Inserts transcripts into the outbox, as a chatbot would (for backfills and tests).",
        discussion: """
            Reads JSON lines, one JSON object or a JSON array of objects shaped \
            {"sourceKey": "…", "kind": "closed", "transcript": {…}} from FILE, or standard input with `-`; an item \
            may name its "tenant", else it goes to --tenant, and its "lane" (live or backfill), else --backfill \
            decides. \
            Each item is inserted on its own with ON CONFLICT DO NOTHING (a key the tenant has is skipped): a refused item is \
            reported with its line and the database's reason, and the others still go in. Exits 1 when any \
            item was refused.

            Example:
              echo '{"sourceKey":"bot-1","transcript":{"requester":{"email":"ann@example.com"},
                "messages":[{"from":"user","text":"Hi","at":"2026-11-24T10:00:00Z"}]}}' | dixa-importer enqueue -
            """
    )

    @Argument(help: ArgumentHelp("A file to read, or - for standard input.", valueName: "file"))
    var file: String = "-"

    @Option(help: "The tenant of items that name none.")
    var tenant: String = "default"

    @Flag(help: "Items that name no lane are history (lane backfill): imported with the budget live rows leave.")
    var backfill = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let text: String
        if file == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandError("cannot read \(file)") }
            text = String(decoding: data, as: UTF8.self)
        }
        let entries = EnqueueInput.parse(text)
        let lines = try await withOutbox(try database.settings(), logger: logger) { store in
            try await requireMigrated(store, logger: logger)
            return try await Enqueuer(store: store).enqueue(entries, tenant: tenant, lane: backfill ? "backfill" : "live")
        }
        var counts = (inserted: 0, duplicate: 0, refused: 0)
        for line in lines {
            let key = line.sourceKey.map { " (\($0))" } ?? ""
            switch line.result {
            case .inserted: counts.inserted += 1
            case .duplicate:
                counts.duplicate += 1
                print("\(line.location)\(key): already in the outbox, skipped")
            case .refused(let reason):
                counts.refused += 1
                print("\(line.location)\(key): refused: \(reason)")
            }
        }
        print("enqueued \(counts.inserted), duplicates \(counts.duplicate), refused \(counts.refused)")
        if counts.refused > 0 { throw ExitCode(1) }
    }
}
