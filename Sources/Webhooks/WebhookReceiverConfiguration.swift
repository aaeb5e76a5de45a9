import Foundation
import Secrets

/// How the webhook receiver listens and what it accepts.
public struct WebhookReceiverConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    public var port: Int
    /// The path Dixa POSTs to (the subscription URL's path).
    public var path: String
    /// How far a signature's timestamp may be from now; older (or future) deliveries are refused as replays.
    public var tolerance: Duration
    /// The default tenant's signing secret (`DIXA_WEBHOOK_SECRET`): it verifies deliveries of the default tenant's
    /// subscriptions, and those that name no subscription this database knows. Other deliveries are verified with the
    /// secret `webhooks install` stored for the subscription their `X-DIXA-SUBSCRIPTION-ID` names, which says whose
    /// they are.
    public var secret: WebhookSecret?
    /// When set, every delivery must carry exactly this `Authorization` header (e.g. `Bearer …`).
    public var expectedAuthorization: WebhookSecret?
    /// Messages authored by the default tenant's bot agent are acknowledged and not stored; stored tenants' agents
    /// come with their subscriptions.
    public var botAgentID: UUID?
    /// Opens the sealed secrets of stored subscriptions (`DIXA_SECRETS_KEY_FILE`).
    public var secretsKey: SecretsKey?
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
        secretsKey: SecretsKey? = nil,
        maxBodyBytes: Int = 1 << 20
    ) {
        self.host = host
        self.port = port
        self.path = path
        self.tolerance = tolerance
        self.secret = secret
        self.expectedAuthorization = expectedAuthorization
        self.botAgentID = botAgentID
        self.secretsKey = secretsKey
        self.maxBodyBytes = maxBodyBytes
    }
}
