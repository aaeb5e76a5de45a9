import ArgumentParser
import DixaAPI
import Foundation
import Importer
import ImporterService

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Checks the configuration: database, token, bot agent, custom attributes, escalation queue.",
        discussion: """
            Answers, one line each with ✓ or ✗ and what to do: is the database reachable and migrated? Does Dixa \
            accept the token? Does the bot agent exist? Does every custom attribute used by pending rows exist? \
            Does the escalation queue exist, when DIXA_QUEUE_ID is set? Exits 1 on any ✗. Costs at most three \
            Dixa requests.

            Example:
              dixa-importer check && dixa-importer run
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var dixa: DixaOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let client = DixaClient(configuration: try dixa.clientConfiguration(), logger: logger)
        let agent = try dixa.botAgentID()
        let queueID = try dixa.defaultQueueID()?.dixaString
        let results = try await withOutbox(try database.settings(), logger: logger) { store in
            await ConfigurationCheck(
                store: store,
                dixa: client,
                budget: RequestBudget(pacer: nil, logger: logger),
                botAgentID: agent,
                queueID: queueID
            ).run()
        }
        for result in results {
            print("\(result.passed ? "✓" : "✗") \(result.title)" + (result.detail.isEmpty ? "" : "\n    → \(result.detail)"))
        }
        if results.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
