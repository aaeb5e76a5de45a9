import Foundation

/// Dixa's `Queue`, the fields the importer reads.
public struct DixaQueue: Decodable, Sendable, Equatable {
    public let id: String
    public let name: String
    public let isDefault: Bool
}

/// Dixa's `Agent`, the fields `check` reads.
public struct DixaAgent: Decodable, Sendable, Equatable {
    public let id: UUID
    public let displayName: String?
}
