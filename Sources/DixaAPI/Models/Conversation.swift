import Foundation

/// A conversation as `GET /v1/endusers/{id}/conversations` lists it: the fields reconciliation reads.
/// `externalId` is not in the OpenAPI schema; it is read when Dixa happens to return it.
public struct ConversationSummary: Decodable, Sendable, Equatable {
    public let id: Int64
    public let requesterId: UUID?
    public let createdAt: Date?
    public let state: String?
    public let externalId: String?
}
