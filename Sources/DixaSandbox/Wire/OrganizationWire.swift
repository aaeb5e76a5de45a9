/// Dixa's `CustomAttributeDefinition`, with lower-case ids as Dixa writes them.
struct CustomAttributeDefinitionWire: Encodable {
    let id: String
    let entityType: String
    let identifier: String
    let label: String
    let inputDefinition: InputDefinitionWire
    let description: String?
    let createdAt: String
    let updatedAt: String?
    let isRequired: Bool
    let isArchived: Bool
    let isDeactivated: Bool

    init(_ attribute: SandboxCustomAttribute) {
        self.id = attribute.id.lowercased
        self.entityType = attribute.entityType.rawValue
        self.identifier = attribute.identifier
        self.label = attribute.label
        self.inputDefinition = InputDefinitionWire(attribute.inputDefinition)
        self.description = attribute.description
        self.createdAt = attribute.createdAt
        self.updatedAt = attribute.updatedAt
        self.isRequired = attribute.isRequired
        self.isArchived = attribute.isArchived
        self.isDeactivated = attribute.isDeactivated
    }
}

/// Dixa's `CustomAttributeInputDefinition`: `Text` or `Select`, tagged by `_type`.
struct InputDefinitionWire: Encodable {
    let type: String
    let placeholder: String?
    let options: [SelectOptionWire]?

    init(_ input: SandboxAttributeInput) {
        switch input {
        case .text(let placeholder):
            self.type = "Text"
            self.placeholder = placeholder
            self.options = nil
        case .select(let options):
            self.type = "Select"
            self.placeholder = nil
            self.options = options.map(SelectOptionWire.init)
        }
    }

    enum CodingKeys: String, CodingKey {
        case type = "_type"
        case placeholder, options
    }
}

/// Dixa's `SelectOption`.
struct SelectOptionWire: Encodable {
    let id: String
    let label: String
    let value: String
    let nestedOptions: [SelectOptionWire]
    let isDeactivated: Bool
    let orderIndex: Int

    init(_ option: SandboxSelectOption) {
        self.id = option.id.lowercased
        self.label = option.label
        self.value = option.value
        self.nestedOptions = option.nestedOptions.map(SelectOptionWire.init)
        self.isDeactivated = option.isDeactivated
        self.orderIndex = option.orderIndex
    }
}

/// Dixa's `Queue` as listed by `GET /v1/queues`, with every field the schema marks required.
struct QueueWire: Encodable {
    let id: String
    let name: String
    let isDefault: Bool
    let organizationId: String
    let queueThresholds: [String: Int]
    let slaCalculationMethod: String
    let offerTimeout: Int
    let offeringAlgorithm: String
    let memberListType: String
    let wrapupTimeout: Int
    let priority: Int
    let offerAbandonedConversations: Bool
    let doNotOfferTimeouts: [String: Int]
    let isDoNotOfferEnabled: Bool
    let isPreferredAgentEnabled: Bool
    let isRestricted: Bool

    init(_ queue: SandboxQueue, priority: Int, in organization: Organization) {
        self.id = queue.id.lowercased
        self.name = queue.name
        self.isDefault = queue.isDefault
        self.organizationId = organization.organizationID.lowercased
        self.queueThresholds = ["SlaPercentage": 80]
        self.slaCalculationMethod = "AbandonedIgnored"
        self.offerTimeout = 30
        self.offeringAlgorithm = "OneAtATimeRandom"
        self.memberListType = "Default"
        self.wrapupTimeout = 10
        self.priority = priority
        self.offerAbandonedConversations = false
        self.doNotOfferTimeouts = [:]
        self.isDoNotOfferEnabled = false
        self.isPreferredAgentEnabled = false
        self.isRestricted = false
    }
}

/// Dixa's `Agent`.
struct AgentWire: Encodable {
    let id: String
    let createdAt: String
    let displayName: String
    let email: String
    let roles: [String]

    init(_ agent: SandboxAgent) {
        self.id = agent.id.lowercased
        self.createdAt = "2024-01-01T00:00:00.000Z"
        self.displayName = agent.name
        // Dixa requires an email on agents; a seed may leave it out, so make a stable placeholder.
        self.email = agent.email ?? "agent-\(agent.id.lowercased)@sandbox.dixa.invalid"
        self.roles = ["Agent"]
    }
}
