import ArgumentParser
import Console
import ImporterService

struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Serves the operator console: HTML pages on the outbox, no JavaScript.",
        discussion: """
            Pages: the overview (rows per state and tenant, the oldest due row, imports, Dixa requests and 429s \
            per minute over the last 24 hours, budget in use per tenant, a banner per halt with its remedy), dead \
            rows (filter by tenant, error code and age; requeue the selected ones after a confirmation that says \
            how many, with the rules of `requeue`), one row (checkpoints, attempts, partial errors, the Dixa \
            conversation, the transcript's messages), a conversation's webhook events, and the halts history. \
            The same console can run inside `run` (--console-port).

            Authentication comes from the environment only (a flag's value would show in `ps`):
              DIXA_CONSOLE_BASIC_AUTH   user:password, for a browser's sign-in prompt
              DIXA_CONSOLE_TOKEN        a bearer token of 16 characters or more (Authorization: Bearer …)
            Either or both. Without them the console refuses to start, unless it listens on loopback and \
            --no-auth is given; --no-auth on any other --host is refused too.

            --read-only removes the requeue forms, and the POST routes refuse (403). Otherwise every change is a \
            POST that must carry the page's CSRF token and an Origin matching the Host.

            Examples:
              DATABASE_URL=… DIXA_CONSOLE_BASIC_AUTH=ops:s3cret dixa-importer console --port 8070
              DATABASE_URL=… dixa-importer console --port 8070 --no-auth            # 127.0.0.1 only
              DATABASE_URL=… DIXA_CONSOLE_TOKEN=… dixa-importer console --host 0.0.0.0 --port 8070 --read-only
            """
    )

    @Option(help: "The port to listen on.")
    var port: Int = 8070

    @Option(help: "The address to listen on; 127.0.0.1 (this machine only) unless given.")
    var host: String = "127.0.0.1"

    @Flag(help: "Serve without authentication: allowed only on a loopback --host (127.0.0.1, ::1, localhost).")
    var noAuth = false

    @Flag(help: "Show the pages without the requeue forms; POST requests are refused.")
    var readOnly = false

    @Option(help: "The default tenant's requests per second (run's --rate-limit), for its budget in use.")
    var rateLimit: Double = 10

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let signals = await ShutdownSignals.trap()
        let settings = try ConsoleOptions.settings(
            host: host,
            port: port,
            noAuth: noAuth,
            readOnly: readOnly,
            defaultRateLimit: rateLimit,
            portFlag: "--port"
        )
        try await ConsoleServices(database: try database.settings(), console: settings, logger: logger).run(signals: signals)
    }
}
