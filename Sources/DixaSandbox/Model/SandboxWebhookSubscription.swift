import Foundation

/// A webhook subscription as the sandbox stores it (`GET /_sandbox/webhooks`), secret included,
/// so that tests can verify signatures.
public struct SandboxWebhookSubscription: Sendable, Codable, Equatable {
    /// The subscription id.
    public var id: UUID
    /// The subscription's name.
    public var name: String
    /// Where events are POSTed.
    public var url: String
    /// Subscribed event types, as given (e.g. `ConversationMessageAdded`).
    public var events: [String]
    /// The signing key: 64 hex characters, hex-decoded before use as the HMAC key.
    public var secretKey: String
    /// Disabled subscriptions receive nothing.
    public var enabled: Bool
    /// Headers sent with every delivery: the rendered `Authorization`, if any, and the custom headers.
    public var headers: [String: String]
    /// The subscription's `filters` exactly as given, or `nil`.
    public var filters: SandboxJSON?
    /// When it was created (ISO-8601, UTC).
    public var createdAt: String
    /// The name of the organisation whose token created it; it hears of that organisation's conversations only.
    public var organization: String

    /// Creates a record.
    public init(
        id: UUID,
        name: String,
        url: String,
        events: [String],
        secretKey: String,
        enabled: Bool,
        headers: [String: String],
        filters: SandboxJSON?,
        createdAt: String,
        organization: String = SandboxSeed.standardName
    ) {
        self.id = id
        self.name = name
        self.url = url
        self.events = events
        self.secretKey = secretKey
        self.enabled = enabled
        self.headers = headers
        self.filters = filters
        self.createdAt = createdAt
        self.organization = organization
    }
}
