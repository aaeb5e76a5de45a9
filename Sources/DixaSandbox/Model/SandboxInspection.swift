/// One `/v1` request as the sandbox received it (`GET /_sandbox/requests`).
///
/// The `Authorization` header is never recorded; only which form it took, and which organisation its token belongs to.
public struct SandboxRecordedRequest: Codable, Sendable, Hashable {
    /// 1, 2, 3... in order of arrival.
    public var sequence: Int
    /// `GET`, `POST`...
    public var method: String
    /// The path without the query, e.g. `/v1/endusers`.
    public var path: String
    /// The raw query string without `?`, or `nil`.
    public var query: String?
    /// The body parsed as JSON, or `nil` when there was none or it was not JSON.
    public var body: SandboxJSON?
    /// The body exactly as received (UTF-8), or `nil` when empty.
    public var rawBody: String?
    /// The status the sandbox answered.
    public var status: Int
    /// `"raw"`, `"bearer"`, or `nil` when no `Authorization` header was sent.
    public var authorizationScheme: String?
    /// When the request arrived (ISO-8601, UTC).
    public var receivedAt: String
    /// The name of the organisation whose token the request carried; `nil` when it carried no token any organisation has.
    public var organization: String?

    /// Creates a record.
    public init(
        sequence: Int,
        method: String,
        path: String,
        query: String?,
        body: SandboxJSON?,
        rawBody: String?,
        status: Int,
        authorizationScheme: String?,
        receivedAt: String,
        organization: String? = nil
    ) {
        self.sequence = sequence
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.rawBody = rawBody
        self.status = status
        self.authorizationScheme = authorizationScheme
        self.receivedAt = receivedAt
        self.organization = organization
    }

    private enum CodingKeys: String, CodingKey {
        case sequence, method, path, query, body, rawBody, status, authorizationScheme, receivedAt, organization
    }

    /// Encodes with explicit `null`s, so every record has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(method, forKey: .method)
        try container.encode(path, forKey: .path)
        try container.encode(query, forKey: .query)
        try container.encode(body, forKey: .body)
        try container.encode(rawBody, forKey: .rawBody)
        try container.encode(status, forKey: .status)
        try container.encode(authorizationScheme, forKey: .authorizationScheme)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encode(organization, forKey: .organization)
    }
}

/// A conversation imported through `POST /v1/conversations/import` (`GET /_sandbox/conversations`).
public struct SandboxConversationRecord: Codable, Sendable, Hashable {
    /// The id the import answered.
    public var id: Int64
    /// The import body's `externalId`.
    public var externalId: String?
    /// The requester (end user) id, lower-case.
    public var requesterId: String
    /// The import body's `genericChannelName`.
    public var genericChannelName: String
    /// The import body's `createdAt`, normalised to UTC.
    public var createdAt: String
    /// `Inbound` or `Outbound`.
    public var direction: String
    /// `Closed` when the import carried `closing`, else `Open`.
    public var state: String
    /// The queue the conversation was transferred to, if any.
    public var queueId: String?
    /// The import body exactly as received, parsed.
    public var request: SandboxJSON
    /// The import body exactly as received, byte for byte (UTF-8).
    public var rawRequest: String
    /// Current custom-attribute values keyed by attribute id (lower-case).
    public var customAttributes: [String: SandboxAttributeValue]
    /// The name of the organisation it was imported into.
    public var organization: String

    /// Creates a record.
    public init(
        id: Int64,
        externalId: String?,
        requesterId: String,
        genericChannelName: String,
        createdAt: String,
        direction: String,
        state: String,
        queueId: String?,
        request: SandboxJSON,
        rawRequest: String,
        customAttributes: [String: SandboxAttributeValue],
        organization: String = SandboxSeed.standardName
    ) {
        self.id = id
        self.externalId = externalId
        self.requesterId = requesterId
        self.genericChannelName = genericChannelName
        self.createdAt = createdAt
        self.direction = direction
        self.state = state
        self.queueId = queueId
        self.request = request
        self.rawRequest = rawRequest
        self.customAttributes = customAttributes
        self.organization = organization
    }
}

/// A custom-attribute value: a string for Text attributes, an array of option values for Select ones.
public enum SandboxAttributeValue: Codable, Sendable, Hashable {
    case text(String)
    case select([String])

    /// Decodes a string or an array of strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .select(try container.decode([String].self))
        }
    }

    /// Encodes a string or an array of strings.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .select(let values): try container.encode(values)
        }
    }
}

/// An end user in Dixa's `EndUser` JSON shape; absent fields are left out, never `null`. Inspection adds the
/// organisation, which the `/v1` API never sends.
public struct SandboxEndUser: Codable, Sendable, Hashable {
    /// The id, lower-case.
    public var id: String
    /// When the end user was created (ISO-8601, UTC).
    public var createdAt: String
    /// The display name.
    public var displayName: String?
    /// The primary email.
    public var email: String?
    /// The primary phone number.
    public var phoneNumber: String?
    /// More emails.
    public var additionalEmails: [String]?
    /// More phone numbers.
    public var additionalPhoneNumbers: [String]?
    /// First name.
    public var firstName: String?
    /// Last name.
    public var lastName: String?
    /// Middle names.
    public var middleNames: [String]?
    /// Avatar URL.
    public var avatarUrl: String?
    /// The caller's own id for the contact.
    public var externalId: String?
    /// The name of the organisation the end user belongs to; `nil` only when decoded from Dixa's own JSON, which has
    /// no such field.
    public var organization: String?

    /// Creates an end user.
    public init(
        id: String,
        createdAt: String,
        displayName: String? = nil,
        email: String? = nil,
        phoneNumber: String? = nil,
        additionalEmails: [String]? = nil,
        additionalPhoneNumbers: [String]? = nil,
        firstName: String? = nil,
        lastName: String? = nil,
        middleNames: [String]? = nil,
        avatarUrl: String? = nil,
        externalId: String? = nil,
        organization: String? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.displayName = displayName
        self.email = email
        self.phoneNumber = phoneNumber
        self.additionalEmails = additionalEmails
        self.additionalPhoneNumbers = additionalPhoneNumbers
        self.firstName = firstName
        self.lastName = lastName
        self.middleNames = middleNames
        self.avatarUrl = avatarUrl
        self.externalId = externalId
        self.organization = organization
    }
}
