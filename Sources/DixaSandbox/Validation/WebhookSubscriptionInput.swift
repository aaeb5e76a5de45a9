import Foundation

/// A `POST /v1/webhooks` body (Dixa's `CreateWebhookSubscriptionInput`) that decoded and validated.
///
/// Two kinds of refusal, both 400: a body that does not decode into the schema (missing required key,
/// wrong type, unknown key, unknown enum value or `_type`, an empty list where `minItems: 1`) is
/// `Invalid value for: body`; a decoded body that makes no subscription (repeated event, URL that is
/// not absolute http(s), blank name, a custom header Dixa sets itself) is
/// `Validation failure during Webhook Subscription creation`.
struct WebhookSubscriptionInput {
    let name: String
    let url: String
    let events: [String]
    let authorization: WebhookAuthorizationInput
    let customHeaders: [String: String]
    let enabled: Bool
    let filters: [String: WebhookFilterInput]
    /// `filters` exactly as sent, echoed back in the subscription.
    let rawFilters: SandboxJSON?

    /// Headers Dixa sets on every delivery, which a subscription "cannot override".
    static let reservedHeaders: Set<String> = ["x-dixa-signature", "x-dixa-subscription-id", "content-type", "authorization"]

    init(body: SandboxJSON?) throws(DixaError) {
        let reader = try JSONObjectReader(
            body,
            allowedKeys: ["name", "url", "events", "authorization", "customHeaders", "enabled", "filters"]
        )
        name = try reader.requiredString("name")
        url = try reader.requiredString("url")
        events = try reader.optionalStringArray("events") ?? []
        guard events.allSatisfy(WebhookEventType.all.contains) else { throw .invalidBody }
        authorization = try WebhookAuthorizationInput(json: try reader.required("authorization"))
        customHeaders = try Self.stringMap(try reader.required("customHeaders"))
        if let value = reader.optional("enabled") {
            guard case .bool(let enabled) = value else { throw .invalidBody }
            self.enabled = enabled
        } else {
            enabled = true
        }
        rawFilters = reader.optional("filters")
        var filters: [String: WebhookFilterInput] = [:]
        if let rawFilters {
            guard let members = rawFilters.objectValue else { throw .invalidBody }
            for (key, value) in members {
                guard WebhookEventType.filterKeys.contains(key) else { throw .invalidBody }
                filters[key] = try WebhookFilterInput(json: value)
            }
        }
        self.filters = filters

        guard Set(events).count == events.count,
            !name.trimmingCharacters(in: .whitespaces).isEmpty,
            Self.isAbsoluteHTTPURL(url),
            customHeaders.keys.allSatisfy({ !Self.reservedHeaders.contains($0.lowercased()) })
        else { throw .webhookValidationFailure }
    }

    private static func stringMap(_ value: SandboxJSON) throws(DixaError) -> [String: String] {
        guard let members = value.objectValue else { throw .invalidBody }
        var map: [String: String] = [:]
        for (key, value) in members {
            guard let string = value.stringValue else { throw .invalidBody }
            map[key] = string
        }
        return map
    }

    private static func isAbsoluteHTTPURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else { return false }
        return ["http", "https"].contains(scheme) && !(components.host ?? "").isEmpty
    }
}

/// Dixa's `WebhookAuthorization`: `BasicAuth`, `TokenAuth` or `NoAuth`, told apart by `_type`
/// (required: `NoAuth` has no fields, so without it every object would match).
enum WebhookAuthorizationInput {
    case basic(username: String, password: String)
    case token(String)
    case none

    init(json: SandboxJSON) throws(DixaError) {
        guard let type = json["_type"]?.stringValue else { throw .invalidBody }
        switch type {
        case "BasicAuth":
            let reader = try JSONObjectReader(json, allowedKeys: ["username", "password", "_type"])
            self = .basic(username: try reader.requiredString("username"), password: try reader.requiredString("password"))
        case "TokenAuth":
            let reader = try JSONObjectReader(json, allowedKeys: ["value", "_type"])
            self = .token(try reader.requiredString("value"))
        case "NoAuth":
            _ = try JSONObjectReader(json, allowedKeys: ["_type"])
            self = .none
        default:
            throw .invalidBody
        }
    }

    /// The `Authorization` header Dixa renders: `Basic base64(user:pass)` or `Bearer <value>` (per `TokenAuth`).
    var headerValue: String? {
        switch self {
        case .basic(let username, let password): return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .token(let value): return "Bearer \(value)"
        case .none: return nil
        }
    }
}
