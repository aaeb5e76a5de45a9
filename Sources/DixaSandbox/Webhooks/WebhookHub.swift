import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat

/// One event, ready to send: its envelope is encoded once, so that every subscription and every
/// duplicate gets the same bytes and `event_id`.
struct WebhookEvent: Sendable {
    let id: UUID
    let name: String
    let fqn: String
    let conversation: ConversationSnapshot
    let body: Data

    init(name: String, fqn: String, conversation: ConversationSnapshot, data: SandboxJSON) {
        self.id = UUID()
        self.name = name
        self.fqn = fqn
        self.conversation = conversation
        let envelope = WebhookPayloadWire.envelope(
            eventID: id,
            fqn: fqn,
            timestamp: Timestamp.now().normalized,
            organization: conversation.organization,
            data: data
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.body = (try? encoder.encode(envelope)) ?? Data()
    }
}

/// Webhook subscriptions, and the deliveries of events to them: sent at once, twice, or held back
/// and later flushed (possibly reversed), per ``SandboxDeliveryMode``. Every attempt is recorded.
actor WebhookHub {
    private let logger: Logger
    private var subscriptions: [StoredSubscription] = []
    private var deliveries: [SandboxDelivery] = []
    private var held: [(StoredSubscription, WebhookEvent)] = []
    private var mode = SandboxDeliveryMode()

    /// Receivers get this long to answer; a slow one is recorded as no answer.
    static let timeout: TimeAmount = .seconds(3)

    init(logger: Logger) {
        self.logger = logger
    }

    func reset() {
        subscriptions = []
        deliveries = []
        held = []
        mode = SandboxDeliveryMode()
    }

    // MARK: Subscriptions

    func create(_ input: WebhookSubscriptionInput, in organization: Organization) -> StoredSubscription {
        let subscription = StoredSubscription(input, in: organization)
        subscriptions.append(subscription)
        return subscription
    }

    /// Every organisation's subscriptions, for inspection.
    func all() -> [StoredSubscription] { subscriptions }

    /// The organisation's subscriptions, in creation order.
    func all(in organization: Organization) -> [StoredSubscription] {
        subscriptions.filter { $0.organizationIndex == organization.index }
    }

    /// The organisation's subscription with this id; another organisation's is not found.
    func subscription(id: UUID, in organization: Organization) -> StoredSubscription? {
        subscriptions.first { $0.id == id && $0.organizationIndex == organization.index }
    }

    /// Removes the organisation's subscription; `false` when it has none with this id. Events already held for it
    /// are still flushed.
    func delete(id: UUID, in organization: Organization) -> Bool {
        guard let index = subscriptions.firstIndex(where: { $0.id == id && $0.organizationIndex == organization.index }) else {
            return false
        }
        subscriptions.remove(at: index)
        return true
    }

    // MARK: Deliveries

    func setMode(_ mode: SandboxDeliveryMode) { self.mode = mode }

    func allDeliveries() -> [SandboxDelivery] { deliveries }

    /// Sends `event` to every subscription that wants it (or holds it), and returns the attempts made. Only the
    /// conversation's organisation's subscriptions want it.
    func publish(_ event: WebhookEvent) async -> [SandboxDelivery] {
        let targets = subscriptions.filter { $0.wants(event.name, conversation: event.conversation) }
        if mode.hold {
            held += targets.map { ($0, event) }
            return []
        }
        var attempts: [SandboxDelivery] = []
        for subscription in targets {
            attempts += await deliver(event, to: subscription)
        }
        return attempts
    }

    /// Sends the held events, oldest first or, when `reversed`, newest first.
    func flush(reversed: Bool) async -> [SandboxDelivery] {
        let pending = reversed ? held.reversed() : held
        held = []
        var attempts: [SandboxDelivery] = []
        for (subscription, event) in pending {
            attempts += await deliver(event, to: subscription)
        }
        return attempts
    }

    private func deliver(_ event: WebhookEvent, to subscription: StoredSubscription) async -> [SandboxDelivery] {
        var attempts: [SandboxDelivery] = []
        for _ in 0..<(mode.duplicate ? 2 : 1) {
            let status = await Self.post(event, to: subscription)
            let delivery = SandboxDelivery(
                subscriptionID: subscription.id,
                eventID: event.id,
                eventFQN: event.fqn,
                conversationID: event.conversation.id,
                url: subscription.url,
                status: status,
                organization: subscription.organizationName
            )
            // Never the URL's query or the headers: they may carry the receiver's credentials.
            logger.debug(
                "webhook \(event.fqn) \(event.id.lowercased) -> subscription \(subscription.id.lowercased): \(status.map(String.init) ?? "no answer")"
            )
            deliveries.append(delivery)
            attempts.append(delivery)
        }
        return attempts
    }

    /// One signed POST; the receiver's status, or `nil` when it did not answer.
    private static func post(_ event: WebhookEvent, to subscription: StoredSubscription) async -> Int? {
        var request = HTTPClientRequest(url: subscription.url)
        request.method = .POST
        for (name, value) in subscription.headers.sorted(by: { $0.key < $1.key }) {
            request.headers.add(name: name, value: value)
        }
        // Dixa's own headers come last and cannot be overridden (reserved names are refused at creation).
        let milliseconds = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-DIXA-SUBSCRIPTION-ID", value: subscription.id.lowercased)
        request.headers.add(
            name: "X-DIXA-SIGNATURE",
            value: WebhookSignature.header(secretKey: subscription.secretKey, milliseconds: milliseconds, body: event.body)
        )
        request.body = .bytes(ByteBuffer(data: event.body))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: 1 << 20)
            return Int(response.status.code)
        } catch {
            return nil
        }
    }
}
