import ArgumentParser
import DixaSandbox
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// `dixa-sandbox`: runs the Dixa API sandbox standalone until SIGTERM or SIGINT.
@main
struct DixaSandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dixa-sandbox",
        abstract: "Run a local stand-in for Dixa's REST API (/v1) with fault injection and request inspection.",
        discussion: """
            Follows Dixa's OpenAPI contract strictly: wrong field names, types, ids
            or timestamps get Dixa's own 400 messages; errors are {"message": "..."}.

            Dixa API, header "Authorization: <token>" (or "Bearer <token>"):
              GET   /v1/endusers?email=|phone=|externalId=  (&pageLimit=&pageKey=)
              POST  /v1/endusers
              GET   /v1/endusers/{userId}
              GET   /v1/endusers/{userId}/conversations   (10 per page by default)
              POST  /v1/conversations/import
              GET   /v1/conversations/{conversationId}
              PATCH /v1/conversations/{conversationId}/custom-attributes
              PUT   /v1/conversations/{conversationId}/transfer/queue
              PUT   /v1/conversations/{conversationId}/reopen   (body optional)
              PUT   /v1/conversations/{conversationId}/close    (body optional)
              GET|POST    /v1/webhooks
              GET|DELETE  /v1/webhooks/{webhookSubscriptionId}
              GET   /v1/custom-attributes
              GET   /v1/queues   /v1/queues/{queueId}   /v1/agents/{agentId}

            Admin routes, no token:
              POST|DELETE /_sandbox/faults       {"rules":[rule, ...]}
                rule: method, path (prefix), times, rate (0-1), and an action:
                status + message, retryAfterSeconds, delayMilliseconds,
                partialErrors, drop ("before": reset without applying;
                "after": apply, then lose the answer). Example rules:
                {"path":"/v1/conversations/import","times":1,"status":500}
                {"method":"POST","rate":0.1,"drop":"after"}
              POST|DELETE /_sandbox/rate-limit
                {"requestsPerSecond":10,"burst":4,"sendRetryAfter":true}
              GET|DELETE  /_sandbox/requests       /v1 requests (never the token)
              GET         /_sandbox/conversations  imports, exact bodies
              GET         /_sandbox/endusers
              POST        /_sandbox/reset          back to the seed (webhooks too)

            Webhooks: events go as signed POSTs to subscribed URLs
            (X-DIXA-SIGNATURE t=<ms>,v1=<HMAC-SHA256>). A simulated agent acts;
            each route answers the delivery attempts it caused:
              POST /_sandbox/conversations/{id}/agent-message
                   {"text":"...","agentId":uuid?}    CONVERSATION_MESSAGE_ADDED
              POST /_sandbox/conversations/{id}/agent-typing
                   {"agentId":uuid?} or no body      TYPING_STARTED
              POST /_sandbox/conversations/{id}/agent-close
                   {"agentId":uuid?} or no body      CONVERSATION_CLOSED
                   (agentId defaults to the Human Agent; PUT .../close via
                   the API sends CONVERSATION_CLOSED too)
              POST /_sandbox/webhooks/delivery-mode {"duplicate":bool,"hold":bool}
                   duplicate: every event twice (same event_id);
                   hold: queue events until flushed
              POST /_sandbox/webhooks/flush   {"reversed":bool} or no body
              GET  /_sandbox/webhooks                subscriptions, with secretKey
              GET  /_sandbox/webhooks/deliveries     every delivery attempt

            Standard seed (without --seed); ids are 00000000-0000-4000-8000-...:
              token       sandbox-token
              agents      ...0000000000b0 Chatbot, ...0000000000a1 Human Agent
              attributes  ...00000000ca01 order_id (Text)
                          ...00000000ca02 contact_reason (Select: billing,
                                          shipping, technical)
                          ...00000000ca03 tags_list (Select: vip, new_customer)
                          ...00000000ca04 location (Contact attribute)
              queues      ...0000000000e1 Support (default), ...0000000000e2 Billing

            A seed file is JSON with any of tokens, agents, customAttributes,
            queues, endUsers; a key left out keeps the standard value.

            Example:
              dixa-sandbox --port 8089 --rate-limit 10 --burst 4 &
              curl -H 'Authorization: sandbox-token' \\
                'http://127.0.0.1:8089/v1/endusers?email=ann@example.com'
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8089

    @Option(name: .customLong("seed"), help: ArgumentHelp("A JSON seed file (default: the standard seed).", valueName: "file"))
    var seedPath: String?

    @Option(name: .customLong("token"), help: ArgumentHelp("An extra accepted API token (repeatable).", valueName: "token"))
    var tokens: [String] = []

    @Option(name: .customLong("rate-limit"), help: ArgumentHelp("Requests per second per token; enables the limit.", valueName: "n"))
    var rateLimit: Double?

    @Option(help: ArgumentHelp("Bucket size for --rate-limit (default 4, Dixa's burst).", valueName: "n"))
    var burst: Int?

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel = "info"

    func validate() throws {
        if let rateLimit, !(rateLimit > 0) { throw ValidationError("--rate-limit must be greater than 0.") }
        if let burst, burst < 1 { throw ValidationError("--burst must be at least 1.") }
        if burst != nil, rateLimit == nil { throw ValidationError("--burst needs --rate-limit.") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be in 0...65535.") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level must be one of \(levels).") }
    }

    /// Swift concurrency runs on NIO's event loops, so a task and its socket share a thread: no hop between them.
    static func main() async {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }

    func run() async throws {
        let logLevel = Logger.Level(rawValue: self.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "dixa-sandbox")

        var seed = try seedPath.map(SandboxSeed.load(from:)) ?? .standard
        seed.tokens += tokens
        let limit = rateLimit.map { SandboxRateLimit(requestsPerSecond: $0, burst: burst ?? 4, sendRetryAfter: true) }
        let sandbox = DixaSandbox(
            configuration: SandboxConfiguration(host: host, port: port, seed: seed, rateLimit: limit),
            logger: logger
        )
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: sandbox)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                // Scripts wait for this line, so write it unbuffered.
                // No line when the sandbox stops before binding; the group reports why.
                guard let url = try? await sandbox.baseURL() else { return }
                let line = "dixa-sandbox listening on \(url) (API under /v1)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
            try await tasks.waitForAll()
        }
    }

    private var levels: String { Logger.Level.allCases.map(\.rawValue).joined(separator: ", ") }
}
