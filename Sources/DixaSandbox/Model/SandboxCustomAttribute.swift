import Foundation

/// A custom-attribute definition, in the JSON shape of Dixa's `CustomAttributeDefinition`.
///
/// It is served as is by `GET /v1/custom-attributes`, and decides what
/// `PATCH /v1/conversations/{id}/custom-attributes` accepts.
public struct SandboxCustomAttribute: Codable, Sendable, Hashable {
    /// Which kind of entity an attribute belongs to.
    public enum EntityType: String, Codable, Sendable, Hashable {
        case contact = "Contact"
        case conversation = "Conversation"
    }

    /// The attribute's id: the key of a PATCH body.
    public var id: UUID
    /// Whether the attribute belongs to conversations or to contacts (end users).
    public var entityType: EntityType
    /// A slug such as `order_id`.
    public var identifier: String
    /// The human label; served as `name` in attribute values.
    public var label: String
    /// Text or Select, with the select's options.
    public var inputDefinition: SandboxAttributeInput
    /// A description.
    public var description: String?
    /// When the attribute was defined (Dixa's examples use a `[GMT]` suffix; any string is kept).
    public var createdAt: String
    /// When the attribute was last changed.
    public var updatedAt: String?
    /// Whether agents must fill it in.
    public var isRequired: Bool
    /// Archived attributes cannot be patched.
    public var isArchived: Bool
    /// Deactivated attributes cannot be patched.
    public var isDeactivated: Bool

    /// Creates an attribute definition.
    public init(
        id: UUID,
        entityType: EntityType = .conversation,
        identifier: String,
        label: String,
        inputDefinition: SandboxAttributeInput,
        description: String? = nil,
        createdAt: String = "2024-01-01T00:00:00.000Z",
        updatedAt: String? = nil,
        isRequired: Bool = false,
        isArchived: Bool = false,
        isDeactivated: Bool = false
    ) {
        self.id = id
        self.entityType = entityType
        self.identifier = identifier
        self.label = label
        self.inputDefinition = inputDefinition
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.isRequired = isRequired
        self.isArchived = isArchived
        self.isDeactivated = isDeactivated
    }
}

/// The input definition of a custom attribute, tagged by `_type` as in Dixa's JSON.
public enum SandboxAttributeInput: Codable, Sendable, Hashable {
    /// Free text: values are strings.
    case text(placeholder: String?)
    /// A choice: values are arrays of option `value` slugs (nested options included).
    case select(options: [SandboxSelectOption])

    private enum CodingKeys: String, CodingKey {
        case type = "_type"
        case placeholder
        case options
    }

    /// Decodes `{"_type":"Text","placeholder"?}` or `{"_type":"Select","options":[...]}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "Text":
            self = .text(placeholder: try container.decodeIfPresent(String.self, forKey: .placeholder))
        case "Select":
            self = .select(options: try container.decodeIfPresent([SandboxSelectOption].self, forKey: .options) ?? [])
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown input type \(other)")
        }
    }

    /// Encodes the Dixa JSON shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let placeholder):
            try container.encode("Text", forKey: .type)
            try container.encodeIfPresent(placeholder, forKey: .placeholder)
        case .select(let options):
            try container.encode("Select", forKey: .type)
            try container.encode(options, forKey: .options)
        }
    }
}

/// One option of a Select attribute (Dixa's `SelectOption`).
public struct SandboxSelectOption: Codable, Sendable, Hashable {
    /// The option's id.
    public var id: UUID
    /// The human label.
    public var label: String
    /// The slug a PATCH body must send.
    public var value: String
    /// Child options; their values are accepted too.
    public var nestedOptions: [SandboxSelectOption]
    /// Deactivated options are rejected by PATCH.
    public var isDeactivated: Bool
    /// Display order.
    public var orderIndex: Int

    /// Creates an option.
    public init(
        id: UUID,
        label: String,
        value: String,
        nestedOptions: [SandboxSelectOption] = [],
        isDeactivated: Bool = false,
        orderIndex: Int = 0
    ) {
        self.id = id
        self.label = label
        self.value = value
        self.nestedOptions = nestedOptions
        self.isDeactivated = isDeactivated
        self.orderIndex = orderIndex
    }

    private enum CodingKeys: String, CodingKey {
        case id, label, value, nestedOptions, isDeactivated, orderIndex
    }

    /// Decodes an option; `nestedOptions`, `isDeactivated` and `orderIndex` may be left out of seed files.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(UUID.self, forKey: .id)
        self.label = try container.decode(String.self, forKey: .label)
        self.value = try container.decode(String.self, forKey: .value)
        self.nestedOptions = try container.decodeIfPresent([SandboxSelectOption].self, forKey: .nestedOptions) ?? []
        self.isDeactivated = try container.decodeIfPresent(Bool.self, forKey: .isDeactivated) ?? false
        self.orderIndex = try container.decodeIfPresent(Int.self, forKey: .orderIndex) ?? 0
    }
}
