import ArgumentParser
import DixaAPI
import Importer

struct ReopenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Reopens a closed Dixa conversation (PUT /v1/conversations/{id}/reopen).",
        discussion: """
            For a chatbot whose user comes back after the agent closed the conversation. Dixa offers it again in \
            its queue (or the organisation's default queue). The chatbot can instead INSERT INTO \
            dixa_reopen_requests (conversation_id) VALUES (…); a running worker sends the same request and \
            records the outcome in that row.

            Example:
              dixa-importer reopen --conversation-id 1234
            """
    )

    @Option(help: "The Dixa conversation id (dixa_outbox.conversation_id).")
    var conversationID: Int64

    @OptionGroup var dixa: DixaOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        guard conversationID > 0 else { throw CommandError("--conversation-id must be a positive conversation id") }
        let client = DixaClient(configuration: try dixa.clientConfiguration(), logger: logger)
        let budget = RequestBudget(pacer: nil, logger: logger)
        do {
            try await budget.spend { try await client.reopenConversation(conversationID) }
        } catch let error as DixaError {
            throw CommandError("Dixa did not reopen conversation \(conversationID): \(error)")
        }
        print("reopened conversation \(conversationID)")
    }
}
