import DixaAPI
import Foundation
import Hummingbird
import Logging
import Metrics
import Outbox
import ServiceLifecycle

/// Receives Dixa's outbound webhooks: verifies each delivery's signature (and optionally its
/// `Authorization`), stores each event once in `dixa_webhook_events` (whose trigger notifies the
/// chatbot's channel), and answers fast. A `Service`: put it in the `ServiceGroup` after the PostgreSQL client.
public struct WebhookReceiver: Service {
    public let configuration: WebhookReceiverConfiguration
    let store: OutboxStore
    let logger: Logger

    public init(configuration: WebhookReceiverConfiguration, store: OutboxStore, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
    }

    public func run() async throws {
        let router = Router()
        router.get("/health") { _, _ in "ok\n" }
        router.post(RouterPath(configuration.path)) { request, context in
            try await receive(request, context: context)
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "dixa-importer-webhooks"),
            logger: logger
        )
        logger.info("webhook receiver listening", metadata: ["port": "\(configuration.port)", "path": "\(configuration.path)"])
        try await app.run()
    }

    func receive(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = Data(buffer: try await request.body.collect(upTo: configuration.maxBodyBytes))
        let verdict = await verify(request.headers, body: body)
        if case .refused(let reason) = verdict {
            Counter(label: "dixa_webhook_deliveries_total", dimensions: [("outcome", "refused")]).increment()
            logger.warning("refused a webhook delivery", metadata: ["reason": "\(reason)"])
            return Self.answer(.unauthorized, reason)
        }
        let event: WebhookEvent
        do {
            event = try WebhookEvent(body: body)
        } catch {
            Counter(label: "dixa_webhook_deliveries_total", dimensions: [("outcome", "invalid")]).increment()
            logger.warning("a signed webhook delivery is not a Dixa event", metadata: ["reason": "\(error.reason)"])
            return Self.answer(.badRequest, error.reason)
        }
        guard WebhookEvent.handled.contains(event.fqn) else {
            Counter(label: "dixa_webhook_deliveries_total", dimensions: [("outcome", "ignored")]).increment()
            return Self.answer(.ok, "ignored: \(event.fqn) is not an event the chatbot needs")
        }
        if event.fqn == "CONVERSATION_MESSAGE_ADDED", let bot = configuration.botAgentID, event.authorID == bot {
            Counter(label: "dixa_webhook_deliveries_total", dimensions: [("outcome", "own_message")]).increment()
            return Self.answer(.ok, "skipped: the bot wrote this message itself")
        }
        let subscription = Self.header("x-dixa-subscription-id", in: request.headers).flatMap(UUID.init(uuidString:))
        do {
            let stored = try await store.storeWebhookEvent(event.record(subscriptionID: subscription, payload: body))
            Counter(label: "dixa_webhook_deliveries_total", dimensions: [("outcome", stored ? "stored" : "duplicate")]).increment()
            logger.info(
                stored ? "stored a webhook event" : "a repeated delivery; the event is already stored",
                metadata: [
                    "event_id": "\(event.eventID)", "event": "\(event.fqn)", "conversation": "\(event.conversationID.map(String.init) ?? "-")",
                ]
            )
            return Self.answer(.ok, stored ? "stored" : "duplicate")
        } catch {
            // Not stored: a 5xx makes Dixa deliver it again later.
            logger.error("could not store a webhook event", metadata: ["error": "\(String(reflecting: error).prefix(200))"])
            return Self.answer(.serviceUnavailable, "the event could not be stored; deliver it again")
        }
    }

    enum Verdict {
        case accepted
        case refused(String)
    }

    func verify(_ headers: HTTPFields, body: Data) async -> Verdict {
        if let expected = configuration.expectedAuthorization {
            guard let given = headers[.authorization], WebhookSignature.constantTimeEqual(given, expected.value) else {
                return .refused("the Authorization header is missing or wrong")
            }
        }
        let signature: WebhookSignature
        do throws(WebhookSignature.Failure) {
            signature = try WebhookSignature(header: Self.header("x-dixa-signature", in: headers))
        } catch {
            return .refused(error.rawValue)
        }
        let secret: String
        if let configured = configuration.secret {
            secret = configured.value
        } else {
            guard let text = Self.header("x-dixa-subscription-id", in: headers), let id = UUID(uuidString: text) else {
                return .refused("X-DIXA-SUBSCRIPTION-ID is missing, and no DIXA_WEBHOOK_SECRET is set")
            }
            do {
                guard let known = try await store.webhookSecret(subscriptionID: id) else {
                    return .refused("unknown subscription \(id.dixaString): run `dixa-importer webhooks install`, or set DIXA_WEBHOOK_SECRET")
                }
                secret = known
            } catch {
                return .refused("the subscription secret could not be read")
            }
        }
        do {
            try signature.verify(body: body, secretKey: secret, tolerance: configuration.tolerance)
            return .accepted
        } catch {
            return .refused(error.rawValue)
        }
    }

    static func answer(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let json = (try? JSONSerialization.data(withJSONObject: ["message": message])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(data: json)))
    }

    /// A header's value by its lower-case name.
    static func header(_ name: String, in headers: HTTPFields) -> String? {
        headers.first { $0.name.canonicalName == name }?.value
    }
}
