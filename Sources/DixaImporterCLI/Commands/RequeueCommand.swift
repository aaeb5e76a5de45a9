import ArgumentParser
import ImporterService
import Outbox

struct RequeueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requeue",
        abstract: "Sets dead rows back to due, with their attempts reset.",
        discussion: """
            Selects dead rows by source_key, by last_error_code, or all of them, and makes them due now with \
            attempts reset to 0. Checkpoints stay, so nothing already done in Dixa is repeated: a row that died \
            after its import only retries what was left. Prints how many rows it changed; --dry-run only counts.

            Examples:
              dixa-importer requeue --source-key bot-session-8f3a
              dixa-importer requeue --error-code server_error --dry-run
              dixa-importer requeue --all-dead
              dixa-importer requeue --source-key bot-session-8f3a --tenant acme
            """
    )

    @Option(help: "Requeue the dead row with this source_key (in every tenant that has one, unless --tenant).")
    var sourceKey: String?

    @Option(help: "Requeue every dead row with this last_error_code (see `dixa-importer report failures`).")
    var errorCode: String?

    @Flag(help: "Requeue every dead row.")
    var allDead = false

    @Flag(help: "Count the rows that would change; change nothing.")
    var dryRun = false

    @Option(help: "Only this tenant's dead rows (default: every tenant's).")
    var tenant: String?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        let selectors = [sourceKey != nil, errorCode != nil, allDead].filter { $0 }.count
        guard selectors == 1 else { throw ValidationError("choose exactly one of --source-key, --error-code or --all-dead") }
    }

    func run() async throws {
        let logger = logging.bootstrap()
        let selection: RequeueSelection =
            if let sourceKey { .sourceKey(sourceKey) } else if let errorCode { .errorCode(errorCode) } else { .allDead }
        let (matched, changed) = try await withOutbox(try database.settings(), logger: logger) { store in
            try await requireMigrated(store, logger: logger)
            return try await store.requeue(selection, tenant: tenant, dryRun: dryRun)
        }
        print(dryRun ? "dry run: \(matched) dead row(s) would be requeued" : "requeued \(changed) dead row(s)")
    }
}
