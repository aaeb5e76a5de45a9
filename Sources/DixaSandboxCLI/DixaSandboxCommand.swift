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

            Organisations (--organizations N): each has its own tokens, agents,
            queues, custom attributes, end users, conversations, webhook
            subscriptions and rate-limit bucket, and a request sees only its
            token's organisation: another's end user is "Requester does not
            exist", its agent "Agent does not exist", its queue "Queue does not
            exist", its conversation or subscription 404. The same email in two
            organisations is two end users. Start-up prints each organisation's
            name, token, bot agent (its first agent) and default queue.
            Organisation 1 is the standard seed below. Organisation k (k >= 2)
            is generated, with the standard seed's agents, queues and
            attribute identifiers under ids of its own, and no end users:
              name        Dixa Sandbox k
              token       sandbox-org-k-token
              ids         the standard ids with k in eight digits as the first
                          group; organisation 2's bot agent is
                          00000002-0000-4000-8000-0000000000b0

            Admin routes, no token:
              POST|DELETE /_sandbox/faults       {"rules":[rule, ...]}
                rule: method, path (prefix), times, rate (0-1), and an action:
                status + message, retryAfterSeconds, delayMilliseconds,
                partialErrors, drop ("before": reset without applying;
                "after": apply, then lose the answer). Example rules:
                {"path":"/v1/conversations/import","times":1,"status":500}
                {"method":"POST","rate":0.1,"drop":"after"}
              POST|DELETE /_sandbox/rate-limit   (a bucket per token)
                {"requestsPerSecond":10,"burst":4,"sendRetryAfter":true}
              POST|DELETE /_sandbox/latency
                {"minMilliseconds":50,"maxMilliseconds":150}
              GET|DELETE  /_sandbox/requests       /v1 requests (never the token)
              GET         /_sandbox/conversations  imports, exact bodies
              GET         /_sandbox/endusers
              POST        /_sandbox/reset          back to the seed (webhooks too)
              Every item names its "organization"; add ?organization=NAME to
              the GETs (webhooks too) to see one organisation's.

            Webhooks: events go as signed POSTs (X-DIXA-SIGNATURE
            t=<ms>,v1=<HMAC-SHA256>) to the URLs subscribed in the
            conversation's organisation. A simulated agent acts; each route
            answers the delivery attempts it caused:
              POST /_sandbox/conversations/{id}/agent-message
                   {"text":"...","agentId":uuid?}    CONVERSATION_MESSAGE_ADDED
              POST /_sandbox/conversations/{id}/agent-typing
                   {"agentId":uuid?} or no body      TYPING_STARTED
              POST /_sandbox/conversations/{id}/agent-close
                   {"agentId":uuid?} or no body      CONVERSATION_CLOSED
                   (agentId defaults to the organisation's Human Agent;
                   PUT .../close via the API sends CONVERSATION_CLOSED too)
              POST /_sandbox/webhooks/delivery-mode {"duplicate":bool,"hold":bool}
                   duplicate: every event twice (same event_id);
                   hold: queue events until flushed
              POST /_sandbox/webhooks/flush   {"reversed":bool} or no body
              GET  /_sandbox/webhooks                subscriptions, with secretKey
              GET  /_sandbox/webhooks/deliveries     every delivery attempt

            Standard seed (without --seed); ids are 00000000-0000-4000-8000-...:
              name        Dixa Sandbox
              token       sandbox-token
              agents      ...0000000000b0 Chatbot, ...0000000000a1 Human Agent
              attributes  ...00000000ca01 order_id (Text)
                          ...00000000ca02 contact_reason (Select: billing,
                                          shipping, technical)
                          ...00000000ca03 tags_list (Select: vip, new_customer)
                          ...00000000ca04 location (Contact attribute)
              queues      ...0000000000e1 Support (default), ...0000000000e2 Billing

            A seed file is JSON with any of name, tokens, agents,
            customAttributes, queues, endUsers; a key left out keeps the
            standard value. For several organisations:
              {"organizations":[{...}, {...}]}
            where a key left out of the k-th keeps organisation k's generated
            value. --organizations adds generated organisations after the file's.

            Example:
              dixa-sandbox --port 8089 --rate-limit 10 --burst 4 --organizations 2 &
              curl -H 'Authorization: sandbox-org-2-token' \\
                'http://127.0.0.1:8089/v1/endusers?email=ann@example.com'
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8089

    @Option(
        name: .customLong("seed"),
        help: ArgumentHelp("A JSON seed file of one organisation or several (default: the standard seed).", valueName: "file")
    )
    var seedPath: String?

    @Option(
        name: .customLong("organizations"),
        help: ArgumentHelp(
            "How many organisations to serve (default 1, or as many as --seed has); those beyond the file's are generated.",
            valueName: "n"
        )
    )
    var organizationCount: Int?

    @Option(name: .customLong("token"), help: ArgumentHelp("An extra accepted API token of organisation 1 (repeatable).", valueName: "token"))
    var tokens: [String] = []

    @Option(name: .customLong("rate-limit"), help: ArgumentHelp("Requests per second per token; enables the limit.", valueName: "n"))
    var rateLimit: Double?

    @Option(help: ArgumentHelp("Bucket size for --rate-limit (default 4, Dixa's burst).", valueName: "n"))
    var burst: Int?

    @Option(
        name: .customLong("latency-ms"),
        help: ArgumentHelp("Wait before each /v1 answer, drawn uniformly from MIN-MAX milliseconds (e.g. 50-150).", valueName: "min-max")
    )
    var latencyText: String?

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel = "info"

    func validate() throws {
        if let rateLimit, !(rateLimit > 0) { throw ValidationError("--rate-limit must be greater than 0.") }
        if let burst, burst < 1 { throw ValidationError("--burst must be at least 1.") }
        if burst != nil, rateLimit == nil { throw ValidationError("--burst needs --rate-limit.") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be in 0...65535.") }
        if let organizationCount, !(1...SandboxOrganizationIDs.maximumNumber).contains(organizationCount) {
            throw ValidationError("--organizations must be in 1...\(SandboxOrganizationIDs.maximumNumber).")
        }
        if let latencyText, SandboxConfiguration.latency(parsing: latencyText) == nil {
            throw ValidationError("--latency-ms must be MIN-MAX milliseconds with 0 <= MIN <= MAX, e.g. 50-150.")
        }
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

        var organizations = try SandboxSeed.organizations(seedFile: seedPath, count: organizationCount)
        organizations[0].tokens += tokens
        let limit = rateLimit.map { SandboxRateLimit(requestsPerSecond: $0, burst: burst ?? 4, sendRetryAfter: true) }
        let configuration = SandboxConfiguration(
            host: host,
            port: port,
            organizations: organizations,
            rateLimit: limit,
            latency: latencyText.flatMap(SandboxConfiguration.latency(parsing:))
        )
        try configuration.validate()
        let sandbox = DixaSandbox(configuration: configuration, logger: logger)
        let organizationLines = configuration.organizations.enumerated().map(Self.describe)
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
                let lines = ["dixa-sandbox listening on \(url) (API under /v1)"] + organizationLines
                FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
            }
            try await tasks.waitForAll()
        }
    }

    /// One start-up line per organisation, so that a script or a person can pick a token and a bot agent. The
    /// tokens are the sandbox's own test values, never real Dixa ones.
    private static func describe(_ index: Int, _ seed: SandboxSeed) -> String {
        let tokens = seed.tokens.isEmpty ? "no token" : "token " + seed.tokens.joined(separator: ", ")
        let agent = seed.agents.first.map { "bot agent \($0.id.uuidString.lowercased())" } ?? "no agent"
        let queue = (seed.queues.first { $0.isDefault } ?? seed.queues.first).map { ", queue \($0.id.uuidString.lowercased()) \($0.name)" } ?? ""
        return "organisation \(index + 1) \"\(seed.name)\": \(tokens), \(agent)\(queue)"
    }

    private var levels: String { Logger.Level.allCases.map(\.rawValue).joined(separator: ", ") }
}
