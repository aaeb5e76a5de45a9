import Foundation

/// Dixa's `EndUser`, the fields the importer reads.
public struct EndUser: Decodable, Sendable, Equatable {
    public let id: UUID
    public let createdAt: Date?
    public let displayName: String?
    public let email: String?
    public let phoneNumber: String?
    public let externalId: String?
}

/// Dixa's `CreateEndUserInput`. Every field is optional; nil fields are left out of the JSON.
public struct CreateEndUserInput: Encodable, Sendable, Equatable {
    public var displayName: String?
    public var email: String?
    public var phoneNumber: String?
    public var firstName: String?
    public var lastName: String?
    public var externalId: String?

    public init(
        displayName: String? = nil,
        email: String? = nil,
        phoneNumber: String? = nil,
        firstName: String? = nil,
        lastName: String? = nil,
        externalId: String? = nil
    ) {
        self.displayName = displayName
        self.email = email
        self.phoneNumber = phoneNumber
        self.firstName = firstName
        self.lastName = lastName
        self.externalId = externalId
    }
}

/// The one filter `GET /v1/endusers` takes at a time (Dixa rejects more than one).
public enum EndUserFilter: Sendable, Equatable {
    case email(String)
    case phone(String)
    case externalId(String)

    var queryItem: (String, String) {
        switch self {
        case .email(let value): ("email", value)
        case .phone(let value): ("phone", value)
        case .externalId(let value): ("externalId", value)
        }
    }
}
