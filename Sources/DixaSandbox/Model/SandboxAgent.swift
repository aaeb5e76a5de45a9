import Foundation

/// An agent (or bot user) of an organisation.
///
/// Imports that name an agent (`assignment.agentId`, `closing.closedBy`, an outbound message's
/// `agentId`) are rejected with `Agent does not exist` unless the id belongs to a seeded agent of the organisation
/// the request's token belongs to.
public struct SandboxAgent: Codable, Sendable, Hashable {
    /// The agent's id.
    public var id: UUID
    /// Shown as the agent's `displayName`.
    public var name: String
    /// The agent's primary email; Dixa requires one, so a placeholder is served when absent.
    public var email: String?

    /// Creates an agent.
    public init(id: UUID, name: String, email: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
    }
}

/// A queue of an organisation.
public struct SandboxQueue: Codable, Sendable, Hashable {
    /// The queue's id.
    public var id: UUID
    /// The queue's name.
    public var name: String
    /// Whether this is the organisation's default queue.
    public var isDefault: Bool

    /// Creates a queue.
    public init(id: UUID, name: String, isDefault: Bool = false) {
        self.id = id
        self.name = name
        self.isDefault = isDefault
    }
}

/// An end user that exists before any client request (for example a returning customer).
public struct SandboxEndUserSeed: Codable, Sendable, Hashable {
    /// A fixed id; a random one is assigned when `nil`.
    public var id: UUID?
    /// The contact's display name.
    public var displayName: String?
    /// The contact's primary email, matched exactly by `GET /v1/endusers?email=`.
    public var email: String?
    /// The contact's primary phone number, matched exactly by `GET /v1/endusers?phone=`.
    public var phoneNumber: String?
    /// The contact's external id, matched exactly by `GET /v1/endusers?externalId=`.
    public var externalId: String?

    /// Creates an end-user seed.
    public init(id: UUID? = nil, displayName: String? = nil, email: String? = nil, phoneNumber: String? = nil, externalId: String? = nil) {
        self.id = id
        self.displayName = displayName
        self.email = email
        self.phoneNumber = phoneNumber
        self.externalId = externalId
    }
}
