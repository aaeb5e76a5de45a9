import ArgumentParser

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Receives Dixa's webhooks (agent replies, typing, closing) for the chatbot, and subscribes to them.",
        discussion: """
            An escalated conversation is answered by a human agent in Dixa. Dixa reports each reply, each \
            "agent is typing" and the closing through a webhook; the receiver verifies each delivery's signature, \
            stores each event once in dixa_webhook_events, and notifies the chatbot on the dixa_conversation_events \
            channel with the event id. The chatbot reads the view dixa_conversation_events.

            Examples:
              dixa-importer webhooks install --url https://bot.example.com/webhooks/dixa
              dixa-importer webhooks serve --port 8090
            """,
        subcommands: [WebhooksInstallCommand.self, WebhooksServeCommand.self]
    )
}
