import ArgumentParser
import ImporterService

struct DrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Imports every due row, then exits (for cron).",
        discussion: """
            Claims due rows in batches (FOR UPDATE SKIP LOCKED, so overlapping runs never share a row), imports \
            them and exits 0 when nothing is due. Rows waiting for a retry later are left for a later run. \
            SIGTERM or SIGINT stops claiming and lets the rows in flight finish.

            Exits 3 when Dixa reports a configuration problem (bad token, unknown bot agent, unsupported \
            channel): the rows are handed back untouched and the message says what to fix. With several tenants \
            a halt stops its own tenant only: drain imports every other tenant's due rows first, then exits 3 \
            naming each halted tenant; the summary counts per tenant.

            Example (crontab):
              */5 * * * *  . /etc/dixa-importer.env && dixa-importer drain --max-duration 240
            """
    )

    @Option(help: "Stop claiming after this many seconds (rows in flight still finish).")
    var maxDuration: Double?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var dixa: DixaOptions
    @OptionGroup var worker: WorkerOptions
    @OptionGroup var secrets: SecretsOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let signals = await ShutdownSignals.trap()
        let secretsKey = try secrets.key()
        let settings = try ImporterSettings(
            database: try database.settings(),
            dixa: try dixa.settings(tenantsOnly: secretsKey != nil),
            worker: try worker.settings(),
            secretsKey: secretsKey
        )
        let deadline = try maxDuration.map { ContinuousClock.now + (try .flag($0, "--max-duration")) }
        let progress: ImporterServices.DrainWatch? =
            DrainProgress.isTerminal ? { @Sendable due, worker in await DrainProgress(total: due, worker: worker).run() } : nil
        let summary = try await ImporterServices(settings: settings, logger: logger).run(.drain(until: deadline, watch: progress), signals: signals)
        print(DrainSummary(summary).text)
        if !summary.halts.isEmpty {
            throw ExitCode(3)
        }
    }
}
