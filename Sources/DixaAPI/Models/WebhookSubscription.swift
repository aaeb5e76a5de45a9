import Foundation

/// Dixa's `WebhookSubscription`, the fields the importer reads. `secretKey` signs every delivery: it is a
/// secret, so this type's description never shows it.
public struct WebhookSubscription: Decodable, Sendable, Equatable, CustomStringConvertible {
    public let id: UUID
    public let name: String
    public let url: String
    public let subscribedEvents: [String]?
    public let secretKey: String
    public let enabled: Bool

    public var description: String {
        "webhook subscription \(id.dixaString) \"\(name)\" → \(url) (\((subscribedEvents ?? []).joined(separator: ", ")))"
    }
}

/// `CreateWebhookSubscriptionInput`.
public struct CreateWebhookSubscriptionInput: Encodable, Sendable, Equatable {
    public var name: String
    public var url: String
    public var events: [String]
    public var authorization: WebhookAuthorization
    public var customHeaders: [String: String]
    public var enabled: Bool
    public var filters: [String: WebhookFilters]?

    public init(
        name: String,
        url: String,
        events: [String],
        authorization: WebhookAuthorization,
        customHeaders: [String: String] = [:],
        enabled: Bool = true,
        filters: [String: WebhookFilters]? = nil
    ) {
        self.name = name
        self.url = url
        self.events = events
        self.authorization = authorization
        self.customHeaders = customHeaders
        self.enabled = enabled
        self.filters = filters
    }
}

/// `WebhookAuthorization`: what Dixa sends in `Authorization` with each delivery.
public enum WebhookAuthorization: Encodable, Sendable, Equatable {
    case none
    /// Sent as `Authorization: Bearer <value>`.
    case token(String)
    case basic(username: String, password: String)

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none:
            try container.encode("NoAuth", forKey: ._type)
        case .token(let value):
            try container.encode(value, forKey: .value)
            try container.encode("TokenAuth", forKey: ._type)
        case .basic(let username, let password):
            try container.encode(username, forKey: .username)
            try container.encode(password, forKey: .password)
            try container.encode("BasicAuth", forKey: ._type)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case value, username, password, _type
    }
}

/// `CombinedFilters`: which events of a type are delivered.
public struct WebhookFilters: Encodable, Sendable, Equatable {
    public struct Condition: Encodable, Sendable, Equatable {
        public var field: String
        public var values: [String]
        public var _type: String

        public static func isOneOf(_ field: String, _ values: [String]) -> Condition {
            Condition(field: field, values: values, _type: "IsOneOf")
        }
    }
    public var strategy: String
    public var conditions: [Condition]
    public var _type: String

    public init(strategy: String = "All", conditions: [Condition]) {
        self.strategy = strategy
        self.conditions = conditions
        self._type = "CombinedFilters"
    }
}
