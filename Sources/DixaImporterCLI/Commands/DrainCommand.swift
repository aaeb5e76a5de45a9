import ArgumentParser
import DixaAPI
import Importer
import Logging
import Outbox
import PostgresNIO
import ServiceLifecycle

struct DrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Imports every due row, then exits (for cron).",
        discussion: """
            Claims due rows in batches (FOR UPDATE SKIP LOCKED, so overlapping runs never share a row), imports \
            them and exits 0 when nothing is due. Rows waiting for a retry later are left for a later run. \
            SIGTERM or SIGINT stops claiming and lets the rows in flight finish.

            Exits 3 when Dixa reports a configuration problem (bad token, unknown bot agent, unsupported \
            channel): the rows are handed back untouched and the message says what to fix.

            Example (crontab):
              */5 * * * *  . /etc/dixa-importer.env && dixa-importer drain --max-duration 240
            """
    )

    @Option(help: "Stop claiming after this many seconds (rows in flight still finish).")
    var maxDuration: Double?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var dixa: DixaOptions
    @OptionGroup var worker: WorkerOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let signals = ShutdownSignals(logger: logger)
        let importer = try worker.configuration(botAgentID: try dixa.botAgentID(), requestTimeout: dixa.requestTimeout)
        let wiring = try WorkerWiring(database: database, dixa: dixa, importer: importer, logger: logger)
        let (store, importWorker) = (wiring.store, wiring.worker)
        let deadline = maxDuration.map { ContinuousClock.now + .milliseconds(Int64($0 * 1000)) }
        let drain = OneShotService(name: "drain") {
            try await requireMigrated(store, logger: logger)
            guard DrainProgress.isTerminal else {
                _ = try await importWorker.drain(until: deadline)
                return
            }
            let progress = DrainProgress(total: try await store.dueCount(), worker: importWorker)
            let drawing = Task { await progress.run() }
            do {
                _ = try await importWorker.drain(until: deadline)
            } catch {
                drawing.cancel()
                await drawing.value
                throw error
            }
            drawing.cancel()
            await drawing.value
        }
        try await wiring.run(
            [.init(service: drain, successTerminationBehavior: .gracefullyShutdownGroup)],
            signals: signals,
            shutdownLimit: worker.groupShutdownLimit
        )
        let summary = importWorker.summary
        print(
            "drain: imported \(summary.imported), retrying \(summary.retried), dead \(summary.dead), handed back \(summary.released), "
                + "Dixa calls \(summary.dixaCalls)"
        )
        if let halt = summary.halt {
            print("halted: \(halt)")
            throw ExitCode(3)
        }
    }
}
