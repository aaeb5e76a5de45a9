/// Dixa's `GenericConversation`, as `GET /v1/conversations/{id}` and the end-user conversation list serve it.
///
/// There is deliberately no `externalId`: Dixa's schema has none, so a client must not rely on it.
struct GenericConversationWire: Encodable {
    let id: Int64
    let requesterId: String
    let channel: String
    let createdAt: String
    let direction: String
    let state: String
    let stateUpdatedAt: String
    var assignment: AssignmentWire?
    var queue: ConversationQueueWire?
    /// Only on `GET /v1/conversations/{id}`; the list leaves custom attributes out, as Dixa's does.
    var customAttributes: [CustomAttributeValueWire]?
    let type = "GenericConversation"

    enum CodingKeys: String, CodingKey {
        case id, requesterId, channel, createdAt, direction, state, stateUpdatedAt, assignment, queue, customAttributes
        case type = "_type"
    }
}

/// Dixa's `Assignment`.
struct AssignmentWire: Encodable {
    let agentId: String
    let assignedAt: String
}

/// Dixa's conversation `Queue` reference.
struct ConversationQueueWire: Encodable {
    let id: String
    var queuedAt: String?
}

/// Dixa's `CustomAttribute` (a value set on an entity).
struct CustomAttributeValueWire: Encodable {
    let id: String
    let name: String
    let identifier: String
    let value: SandboxAttributeValue
}

/// Dixa's `ImportConversationResponse`.
struct ImportResultWire: Encodable {
    let id: Int64
    var partialErrors: [PartialErrorWire]?
}

/// Dixa's `PartialError`.
struct PartialErrorWire: Encodable {
    let message: String
}
