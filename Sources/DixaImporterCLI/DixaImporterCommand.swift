import ArgumentParser
import NIOCore
import NIOPosix

@main
struct DixaImporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dixa-importer",
        abstract: "Imports finished chatbot conversations from a PostgreSQL outbox into Dixa.",
        discussion: """
            A chatbot INSERTs each finished transcript into the dixa_outbox table; dixa-importer imports it into \
            Dixa as a closed conversation (with its custom attributes) and records the outcome in the row.

            Examples:
              dixa-importer demo                      # everything in-process, no setup
              dixa-importer migrate                   # create the outbox tables in $DATABASE_URL
              dixa-importer run                       # long-lived worker (NOTIFY + polling)
              dixa-importer drain                     # for cron: import what is due, then exit
              dixa-importer check                     # is the configuration right?
              dixa-importer report                    # backlog, failures, throughput, …
              dixa-importer webhooks serve            # agent replies back to the chatbot
              dixa-importer tenants add NAME …        # another Dixa organisation in the same deployment
              dixa-importer console --port 8070       # the operator console (see `console --help`)

            Configuration comes from the environment; flags override it:
              DATABASE_URL          postgres://user:password@host:5432/database
              DIXA_API_TOKEN        the Dixa API token (or DIXA_API_TOKEN_FILE: a file holding it)
              DIXA_AGENT_ID         the bot user's agent id (author of bot messages)
              DIXA_BASE_URL         default https://dev.dixa.io
              DIXA_QUEUE_ID         where escalations go when the transcript names no queueId
              DIXA_SECRETS_KEY_FILE the key that seals stored tenants' tokens (see `tenants --help`)
              LOG_LEVEL             trace, debug, info (default), notice, warning, error, critical

            Exit codes: 0 done, 1 error, 2 bad usage, 3 halted on a Dixa configuration problem, 130 stopped by a second signal.
            """,
        subcommands: [
            DemoCommand.self, MigrateCommand.self, EnqueueCommand.self, DrainCommand.self, RunCommand.self, ReportCommand.self,
            RequeueCommand.self, CheckCommand.self, PruneCommand.self, WebhooksCommand.self, ReopenCommand.self, TenantsCommand.self,
            ConsoleCommand.self,
        ]
    )

    /// Swift concurrency runs on NIO's event loops, so a task and its socket share a thread: no hop between them.
    static func main() async {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }
}
