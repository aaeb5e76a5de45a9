import DixaAPI
import Foundation
import Hummingbird
import Logging
import Metrics
import Outbox
import Secrets
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
        let sender: Sender
        switch await verify(request.headers, body: body) {
        case .refused(let reason):
            Counter(label: "dixa_webhook_deliveries_total", dimensions: [("outcome", "refused")]).increment()
            logger.warning("refused a webhook delivery", metadata: ["reason": "\(reason)"])
            return Self.answer(.unauthorized, reason)
        case .accepted(let verified):
            sender = verified
        }
        let tenantDimension = ("tenant", sender.tenant)
        guard !sender.tenantRemoved else {
            // Dixa keeps delivering until it is answered 2xx; the subscription outlived its tenant.
            Counter(label: "dixa_webhook_deliveries_total", dimensions: [tenantDimension, ("outcome", "ignored")]).increment()
            return Self.answer(.ok, "ignored: tenant \(sender.tenant) was removed; delete its subscription in Dixa")
        }
        let event: WebhookEvent
        do {
            event = try WebhookEvent(body: body)
        } catch {
            Counter(label: "dixa_webhook_deliveries_total", dimensions: [tenantDimension, ("outcome", "invalid")]).increment()
            logger.warning("a signed webhook delivery is not a Dixa event", metadata: ["reason": "\(error.reason)"])
            return Self.answer(.badRequest, error.reason)
        }
        guard WebhookEvent.handled.contains(event.fqn) else {
            Counter(label: "dixa_webhook_deliveries_total", dimensions: [tenantDimension, ("outcome", "ignored")]).increment()
            return Self.answer(.ok, "ignored: \(event.fqn) is not an event the chatbot needs")
        }
        if event.fqn == "CONVERSATION_MESSAGE_ADDED", let bot = sender.botAgentID, event.authorID == bot {
            Counter(label: "dixa_webhook_deliveries_total", dimensions: [tenantDimension, ("outcome", "own_message")]).increment()
            return Self.answer(.ok, "skipped: the bot wrote this message itself")
        }
        do {
            let stored = try await store.storeWebhookEvent(event.record(tenant: sender.tenant, subscriptionID: sender.subscriptionID, payload: body))
            Counter(label: "dixa_webhook_deliveries_total", dimensions: [tenantDimension, ("outcome", stored ? "stored" : "duplicate")]).increment()
            logger.info(
                stored ? "stored a webhook event" : "a repeated delivery; the event is already stored",
                metadata: [
                    "event_id": "\(event.eventID)", "event": "\(event.fqn)", "conversation": "\(event.conversationID.map(String.init) ?? "-")",
                    "tenant": "\(sender.tenant)",
                ]
            )
            return Self.answer(.ok, stored ? "stored" : "duplicate")
        } catch {
            // Not stored: a 5xx makes Dixa deliver it again later.
            logger.error("could not store a webhook event", metadata: ["error": "\(String(reflecting: error).prefix(200))"])
            return Self.answer(.serviceUnavailable, "the event could not be stored; deliver it again")
        }
    }

    /// Whose a verified delivery is: the tenant of the subscription it came through, that tenant's bot agent, and the
    /// subscription when this database knows it.
    struct Sender: Sendable, Equatable {
        let tenant: String
        let botAgentID: UUID?
        let subscriptionID: UUID?
        var tenantRemoved = false
    }

    enum Verdict {
        case accepted(Sender)
        case refused(String)
    }

    /// Checks the `Authorization` header, then the signature with the secret of the subscription the delivery names:
    /// a delivery for one tenant signed with another tenant's secret is refused. `DIXA_WEBHOOK_SECRET` is the default
    /// tenant's, for its subscriptions and for deliveries naming a subscription this database does not know.
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
        let subscriptionID = Self.header("x-dixa-subscription-id", in: headers).flatMap(UUID.init(uuidString:))
        let stored: StoredWebhookSubscription?
        do {
            stored = try await subscriptionID.asyncMap { try await store.webhookSubscription(id: $0) } ?? nil
        } catch {
            return .refused("the subscription secret could not be read")
        }
        let secret: String
        let sender: Sender
        if let stored, stored.tenant != Tenants.defaultName || configuration.secret == nil {
            switch open(stored) {
            case .success(let opened): secret = opened
            case .failure(let reason): return .refused(reason.description)
            }
            let agent = stored.tenant == Tenants.defaultName ? configuration.botAgentID : stored.agentID
            sender = Sender(tenant: stored.tenant, botAgentID: agent, subscriptionID: stored.id, tenantRemoved: !stored.tenantExists)
        } else if let configured = configuration.secret {
            secret = configured.value
            sender = Sender(tenant: Tenants.defaultName, botAgentID: configuration.botAgentID, subscriptionID: subscriptionID)
        } else if let subscriptionID {
            return .refused("unknown subscription \(subscriptionID.dixaString): run `dixa-importer webhooks install`, or set DIXA_WEBHOOK_SECRET")
        } else {
            return .refused("X-DIXA-SUBSCRIPTION-ID is missing, and no DIXA_WEBHOOK_SECRET is set")
        }
        do {
            try signature.verify(body: body, secretKey: secret, tolerance: configuration.tolerance)
            return .accepted(sender)
        } catch {
            return .refused(error.rawValue)
        }
    }

    /// A stored subscription's secret, opened under the secrets key when sealed. The refusal never holds a secret.
    private func open(_ stored: StoredWebhookSubscription) -> Result<String, RefusalReason> {
        switch stored.secret {
        case .plain(let text):
            return .success(text)
        case .sealed(let sealed):
            guard let key = configuration.secretsKey else {
                logger.error("a subscription's secret is sealed and no secrets key is set", metadata: ["setting": "\(SecretsKey.setting)"])
                return .failure(RefusalReason("the subscription's secret is sealed, and this receiver has no \(SecretsKey.setting)"))
            }
            do {
                let context = SealedSecret.webhookSecretContext(subscriptionID: stored.id)
                return .success(try SealedSecret.open(sealed, with: key, context: context, what: "subscription \(stored.id.dixaString)'s secret"))
            } catch {
                logger.error("a subscription's secret does not open", metadata: ["problem": "\(error)"])
                return .failure(RefusalReason("the subscription's secret cannot be opened with this receiver's \(SecretsKey.setting)"))
            }
        }
    }

    struct RefusalReason: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
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
