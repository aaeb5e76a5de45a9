import ArgumentParser
import ImporterService
import Outbox

extension ReportTable.Format: ExpressibleByArgument {}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Prints the SQL reports: backlog, failures, partial errors, throughput, a row's history, halts.",
        discussion: """
            Runs the report files of sql/reports/ (built into this binary; each also runs as-is with psql -f) and \
            prints aligned tables, or CSV or JSON with --format. Without a name it runs every report but \
            row_history.

            Reports:
            \(Report.all.map { "  \($0.name.padding(toLength: 15, withPad: " ", startingAt: 0)) \($0.summary.split(separator: ".").first ?? "")" }.joined(separator: "\n"))

            Examples:
              dixa-importer report
              dixa-importer report failures --format csv
              dixa-importer report partial_errors --since '30 days'
              dixa-importer report row_history --source-key bot-session-8f3a
              dixa-importer report backlog --tenant acme
              psql "$DATABASE_URL" -v source_key=bot-session-8f3a -f sql/reports/row_history.sql
            """
    )

    @Argument(help: ArgumentHelp("The report to run (default: all but row_history).", valueName: "name"))
    var name: String?

    @Option(help: "Output: table, csv or json.")
    var format: ReportTable.Format = .table

    @Option(help: "For partial_errors and throughput: how far back, as a PostgreSQL interval ('7 days', '24 hours').")
    var since: String?

    @Option(help: "For row_history: the row's source_key.")
    var sourceKey: String?

    @Option(help: "Only this tenant's rows (default: every tenant, grouped by tenant).")
    var tenant: String?

    @Option(
        help: ArgumentHelp(
            "For backlog's drain_at_budget: the default tenant's requests per second, as given to run (stored tenants use their own).",
            valueName: "requests-per-second"
        )
    )
    var rateLimit: Double?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let reports: [Report]
        if let name {
            guard let report = Report.named(name) else {
                throw CommandError("no report named \(name); choose one of: \(Report.all.map(\.name).joined(separator: ", "))")
            }
            reports = [report]
        } else {
            reports = Report.all.filter { $0.name != "row_history" }
        }
        var variables: [String: String] = [:]
        variables["since"] = since
        variables["source_key"] = sourceKey
        variables["tenant"] = tenant
        if let rateLimit {
            guard rateLimit > 0, rateLimit.isFinite else { throw CommandError("--rate-limit must be a number of requests per second above 0") }
            variables["rate_limit"] = "\(rateLimit)"
        }
        let frozen = variables
        let tables = try await withOutbox(try database.settings(), logger: logger) { store in
            try await requireMigrated(store, logger: logger)
            var tables: [(Report, ReportTable)] = []
            for report in reports {
                do {
                    tables.append((report, try await store.run(report, variables: frozen)))
                } catch let error as ReportError {
                    throw CommandError(error.description)
                }
            }
            return tables
        }
        switch format {
        case .table:
            print(tables.map { "== \($0.0.summary)\n\($0.1.rendered(as: .table))" }.joined(separator: "\n\n"))
        case .csv, .json:
            print(tables.map { $0.1.rendered(as: format) }.joined(separator: "\n"))
        }
    }
}
