import Foundation

/// An imported conversation as the store keeps it.
struct StoredConversation {
    /// Dixa's ids are large; starting at 1000 keeps them recognisable and clearly not indexes.
    static let firstID: Int64 = 1000

    let id: Int64
    /// The index of the organisation it was imported into; no other organisation finds it.
    let organizationIndex: Int
    let externalId: String?
    let requesterId: String
    let genericChannelName: String
    let channel: String
    let createdAt: String
    let direction: String
    var state: String
    var stateUpdatedAt: String
    var assignment: AssignmentWire?
    let request: SandboxJSON
    let rawRequest: String
    var queue: ConversationQueueWire?
    var attributes: [UUID: SandboxAttributeValue] = [:]

    init(id: Int64, organization: Organization, input: ConversationImportInput, request: SandboxJSON, rawRequest: String) {
        self.id = id
        self.organizationIndex = organization.index
        self.externalId = input.externalId
        self.requesterId = input.requesterId.lowercased
        self.genericChannelName = input.genericChannelName
        self.channel = input.reportedChannel
        self.createdAt = input.createdAt.normalized
        self.direction = input.direction
        // Dixa imports a conversation closed exactly when the body has `closing`.
        self.state = input.closing == nil ? "Open" : "Closed"
        self.stateUpdatedAt = (input.closing?.closedAt ?? input.createdAt).normalized
        self.assignment = input.assignment.map { AssignmentWire(agentId: $0.agentId.lowercased, assignedAt: $0.assignedAt.normalized) }
        self.request = request
        self.rawRequest = rawRequest
    }

    func wire(attributes: [CustomAttributeValueWire]?) -> GenericConversationWire {
        GenericConversationWire(
            id: id,
            requesterId: requesterId,
            channel: channel,
            createdAt: createdAt,
            direction: direction,
            state: state,
            stateUpdatedAt: stateUpdatedAt,
            assignment: assignment,
            queue: queue,
            customAttributes: attributes
        )
    }

    func record(organization: Organization) -> SandboxConversationRecord {
        SandboxConversationRecord(
            id: id,
            externalId: externalId,
            requesterId: requesterId,
            genericChannelName: genericChannelName,
            createdAt: createdAt,
            direction: direction,
            state: state,
            queueId: queue?.id,
            request: request,
            rawRequest: rawRequest,
            customAttributes: Dictionary(uniqueKeysWithValues: attributes.map { ($0.key.lowercased, $0.value) }),
            organization: organization.name
        )
    }
}
