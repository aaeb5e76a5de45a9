import Foundation

extension SandboxStore {
    /// Imports a conversation into `organization`, checking what Dixa checks after decoding, in this order: the
    /// channel, the requester, every agent, then message content. Another organisation's requester or agent does not
    /// exist here.
    func importConversation(
        _ input: ConversationImportInput,
        request: SandboxJSON,
        rawRequest: String,
        extraPartialErrors: [String],
        in organization: Organization
    ) throws(DixaError) -> ImportResultWire {
        guard ["genericapimessaging", "email"].contains(input.genericChannelName) else { throw .unsupportedChannel }
        guard endUser(id: input.requesterId, in: organization) != nil else { throw .requesterDoesNotExist }
        let agentIDs = Set(organization.seed.agents.map(\.id))
        guard input.agentIDs.allSatisfy(agentIDs.contains) else { throw .agentDoesNotExist }
        guard !input.hasEmptyMessage else { throw .invalidMessage }

        let id = nextConversationID
        nextConversationID += 1
        let conversation = StoredConversation(id: id, organization: organization, input: input, request: request, rawRequest: rawRequest)
        conversations[id] = conversation
        addConversation(id, requestedBy: conversation.requesterId, in: organization)
        let partialErrors = input.attachmentPartialErrors + extraPartialErrors
        return ImportResultWire(id: id, partialErrors: partialErrors.isEmpty ? nil : partialErrors.map(PartialErrorWire.init))
    }

    /// The requester's conversations in id order, or `nil` when the organisation has no such end user.
    func conversations(requestedBy userID: UUID, in organization: Organization) -> [GenericConversationWire]? {
        guard endUser(id: userID, in: organization) != nil else { return nil }
        return conversationIDs(requestedBy: userID.lowercased, in: organization).compactMap { conversations[$0]?.wire(attributes: nil) }
    }

    /// The conversation with this id when it is `organization`'s; another organisation's is as unknown as a missing one.
    func stored(_ id: Int64, in organization: Organization) -> StoredConversation? {
        guard let conversation = conversations[id], conversation.organizationIndex == organization.index else { return nil }
        return conversation
    }

    /// One conversation with its custom attributes, or `nil`.
    func conversation(id: Int64, in organization: Organization) -> GenericConversationWire? {
        guard let conversation = stored(id, in: organization) else { return nil }
        return conversation.wire(attributes: attributeValues(conversation.attributes, in: organization))
    }

    /// Applies a custom-attribute patch atomically: every entry is checked before any is applied; only the
    /// organisation's own attributes exist. Returns the patched attributes that now have a value.
    func patchAttributes(
        conversationID: Int64,
        _ patch: CustomAttributePatchInput,
        in organization: Organization
    ) throws(DixaError) -> [CustomAttributeValueWire] {
        guard var conversation = stored(conversationID, in: organization) else { throw .notFound }
        for (id, value) in patch.values {
            guard let definition = organization.customAttribute(id: id) else { throw .invalidPatch }
            guard definition.accepts(value) else { throw .invalidPatch }
        }
        var patched: [UUID: SandboxAttributeValue] = [:]
        for (id, value) in patch.values {
            conversation.attributes[id] = value
            if let value { patched[id] = value }
        }
        conversations[conversationID] = conversation
        return attributeValues(patched, in: organization)
    }

    /// Transfers a conversation to one of the organisation's queues (`PUT /v1/conversations/{id}/transfer/queue`).
    func transfer(conversationID: Int64, _ input: TransferQueueInput, in organization: Organization) throws(DixaError) {
        guard var conversation = stored(conversationID, in: organization) else { throw .notFound }
        guard organization.queue(id: input.queueId) != nil else { throw .queueDoesNotExist }
        if let userId = input.userId, !organization.hasAgent(id: userId) { throw .userNotFound }
        conversation.queue = ConversationQueueWire(id: input.queueId.lowercased, queuedAt: Timestamp.now().normalized)
        conversations[conversationID] = conversation
    }

    /// Every organisation's imported conversations in id order, for inspection.
    func conversationRecords() -> [SandboxConversationRecord] {
        conversations.values.sorted { $0.id < $1.id }.map { $0.record(organization: directory.all[$0.organizationIndex]) }
    }

    /// Attribute values in the organisation's attribute order, in Dixa's `CustomAttribute` shape.
    private func attributeValues(_ values: [UUID: SandboxAttributeValue], in organization: Organization) -> [CustomAttributeValueWire] {
        organization.seed.customAttributes.compactMap { definition in
            values[definition.id].map {
                CustomAttributeValueWire(id: definition.id.lowercased, name: definition.label, identifier: definition.identifier, value: $0)
            }
        }
    }
}
