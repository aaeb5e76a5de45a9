import Foundation

/// Dixa's `CustomAttributeDefinition`, the fields the importer reads.
public struct CustomAttributeDefinition: Decodable, Sendable, Equatable {
    public let id: UUID
    public let entityType: String
    public let identifier: String
    public let label: String
    public let isArchived: Bool
    public let isDeactivated: Bool
}

/// A custom attribute's value: a string for `Text` attributes, a list for `Select` attributes.
public enum AttributeValue: Codable, Sendable, Equatable {
    case text(String)
    case list([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([String].self) {
            self = .list(list)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .list(let values): try container.encode(values)
        }
    }
}

/// `CustomAttribute` as the PATCH answers it.
public struct CustomAttributeValue: Decodable, Sendable, Equatable {
    public let id: UUID
    public let identifier: String?
    public let value: AttributeValue?
}
