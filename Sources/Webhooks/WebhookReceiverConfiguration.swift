import Foundation

/// How the webhook receiver listens and what it accepts.
public struct WebhookReceiverConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    public var port: Int
    /// The path Dixa POSTs to (the subscription URL's path).
    public var path: String
    /// How far a signature's timestamp may be from now; older (or future) deliveries are refused as replays.
    public var tolerance: Duration
    /// The signing secret for every delivery (`DIXA_WEBHOOK_SECRET`). Without it, each delivery's secret is
    /// looked up by its `X-DIXA-SUBSCRIPTION-ID` among the subscriptions `webhooks install` stored.
    public var secret: WebhookSecret?
    /// When set, every delivery must carry exactly this `Authorization` header (e.g. `Bearer …`).
    public var expectedAuthorization: WebhookSecret?
    /// Messages authored by this agent (the bot itself) are acknowledged and not stored.
    public var botAgentID: UUID?
    /// Largest body accepted.
    public var maxBodyBytes: Int

    public init(
        host: String = "0.0.0.0",
        port: Int = 8090,
        path: String = "/webhooks/dixa",
        tolerance: Duration = .seconds(300),
        secret: WebhookSecret? = nil,
        expectedAuthorization: WebhookSecret? = nil,
        botAgentID: UUID? = nil,
        maxBodyBytes: Int = 1 << 20
    ) {
        self.host = host
        self.port = port
        self.path = path
        self.tolerance = tolerance
        self.secret = secret
        self.expectedAuthorization = expectedAuthorization
        self.botAgentID = botAgentID
        self.maxBodyBytes = maxBodyBytes
    }
}
