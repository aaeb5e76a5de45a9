import Foundation

/// The sandbox organisation's mutable data: end users, imported conversations and their attributes.
///
/// One actor, so every request sees a consistent state; the seeded parts never change and are
/// readable without a hop.
actor SandboxStore {
    nonisolated let seed: SandboxSeed
    private let seededEndUsers: [SandboxEndUser]
    private var endUsers: [SandboxEndUser]
    /// Positions in `endUsers`, by id and by each identity, so that requester checks and lookups stay constant-time
    /// however many end users exist.
    private var endUserIndex = EndUserIndex()
    /// Internal, not private, so that the conversation actions in `SandboxStore+Actions.swift` can change them.
    var conversations: [Int64: StoredConversation] = [:]
    /// Conversation ids by requester id, in import order.
    private var conversationsByRequester: [String: [Int64]] = [:]
    private var nextConversationID: Int64 = StoredConversation.firstID

    init(seed: SandboxSeed) {
        self.seed = seed
        // Ids of seeded users are drawn once, so a reset brings back the very same users.
        self.seededEndUsers = seed.endUsers.map { user in
            SandboxEndUser(
                id: (user.id ?? UUID()).lowercased,
                createdAt: "2024-01-01T00:00:00.000Z",
                displayName: user.displayName,
                email: user.email,
                phoneNumber: user.phoneNumber,
                externalId: user.externalId
            )
        }
        self.endUsers = seededEndUsers
        self.endUserIndex = EndUserIndex(seededEndUsers)
    }

    /// Back to the seed: created end users and imported conversations are gone, ids start again.
    func reset() {
        endUsers = seededEndUsers
        endUserIndex = EndUserIndex(seededEndUsers)
        conversations = [:]
        conversationsByRequester = [:]
        nextConversationID = StoredConversation.firstID
    }

    // MARK: End users

    /// End users in creation order, those matching `filter` exactly when one is given.
    func endUsers(matching filter: PageFilter?) -> [SandboxEndUser] {
        guard let filter else { return endUsers }
        return endUserIndex.positions(matching: filter).map { endUsers[$0] }
    }

    /// Every end user, for inspection.
    func allEndUsers() -> [SandboxEndUser] { endUsers }

    /// Creates an end user. A second user with the same email is allowed (Dixa's behaviour is
    /// undocumented): it makes a client's double creation visible instead of hiding it.
    func createEndUser(_ input: CreateEndUserInput) -> SandboxEndUser {
        let user = SandboxEndUser(
            id: UUID().lowercased,
            createdAt: Timestamp.now().normalized,
            displayName: input.displayName,
            email: input.email,
            phoneNumber: input.phoneNumber,
            additionalEmails: input.additionalEmails,
            additionalPhoneNumbers: input.additionalPhoneNumbers,
            firstName: input.firstName,
            lastName: input.lastName,
            middleNames: input.middleNames,
            avatarUrl: input.avatarUrl,
            externalId: input.externalId
        )
        endUserIndex.add(user, at: endUsers.count)
        endUsers.append(user)
        return user
    }

    func endUser(id: UUID) -> SandboxEndUser? {
        endUserIndex.position(id: id.lowercased).map { endUsers[$0] }
    }

    // MARK: Conversations

    /// Imports a conversation, checking what Dixa checks after decoding, in this order:
    /// the channel, the requester, every agent, then message content.
    func importConversation(
        _ input: ConversationImportInput,
        request: SandboxJSON,
        rawRequest: String,
        extraPartialErrors: [String]
    ) throws(DixaError) -> ImportResultWire {
        guard ["genericapimessaging", "email"].contains(input.genericChannelName) else { throw .unsupportedChannel }
        guard endUser(id: input.requesterId) != nil else { throw .requesterDoesNotExist }
        let agentIDs = Set(seed.agents.map(\.id))
        guard input.agentIDs.allSatisfy(agentIDs.contains) else { throw .agentDoesNotExist }
        guard !input.hasEmptyMessage else { throw .invalidMessage }

        let id = nextConversationID
        nextConversationID += 1
        let conversation = StoredConversation(id: id, input: input, request: request, rawRequest: rawRequest)
        conversations[id] = conversation
        conversationsByRequester[conversation.requesterId, default: []].append(id)
        let partialErrors = input.attachmentPartialErrors + extraPartialErrors
        return ImportResultWire(id: id, partialErrors: partialErrors.isEmpty ? nil : partialErrors.map(PartialErrorWire.init))
    }

    /// The requester's conversations in id order, or `nil` when there is no such end user.
    func conversations(requestedBy userID: UUID) -> [GenericConversationWire]? {
        guard endUser(id: userID) != nil else { return nil }
        return (conversationsByRequester[userID.lowercased] ?? []).compactMap { conversations[$0]?.wire(attributes: nil) }
    }

    /// One conversation with its custom attributes, or `nil`.
    func conversation(id: Int64) -> GenericConversationWire? {
        guard let conversation = conversations[id] else { return nil }
        return conversation.wire(attributes: attributeValues(conversation.attributes))
    }

    func hasConversation(id: Int64) -> Bool { conversations[id] != nil }

    /// Applies a custom-attribute patch atomically: every entry is checked before any is applied.
    /// Returns the patched attributes that now have a value.
    func patchAttributes(conversationID: Int64, _ patch: CustomAttributePatchInput) throws(DixaError) -> [CustomAttributeValueWire] {
        guard var conversation = conversations[conversationID] else { throw .notFound }
        for (id, value) in patch.values {
            guard let definition = seed.customAttributes.first(where: { $0.id == id }) else { throw .invalidPatch }
            guard definition.accepts(value) else { throw .invalidPatch }
        }
        var patched: [UUID: SandboxAttributeValue] = [:]
        for (id, value) in patch.values {
            conversation.attributes[id] = value
            if let value { patched[id] = value }
        }
        conversations[conversationID] = conversation
        return attributeValues(patched)
    }

    /// Transfers a conversation to a queue (`PUT /v1/conversations/{id}/transfer/queue`).
    func transfer(conversationID: Int64, _ input: TransferQueueInput) throws(DixaError) {
        guard var conversation = conversations[conversationID] else { throw .notFound }
        guard seed.queues.contains(where: { $0.id == input.queueId }) else { throw .queueDoesNotExist }
        if let userId = input.userId, !seed.agents.contains(where: { $0.id == userId }) { throw .userNotFound }
        conversation.queue = ConversationQueueWire(id: input.queueId.lowercased, queuedAt: Timestamp.now().normalized)
        conversations[conversationID] = conversation
    }

    /// Every imported conversation, for inspection.
    func conversationRecords() -> [SandboxConversationRecord] {
        conversations.values.sorted { $0.id < $1.id }.map(\.record)
    }

    /// Attribute values in the seed's attribute order, in Dixa's `CustomAttribute` shape.
    private func attributeValues(_ values: [UUID: SandboxAttributeValue]) -> [CustomAttributeValueWire] {
        seed.customAttributes.compactMap { definition in
            values[definition.id].map {
                CustomAttributeValueWire(id: definition.id.lowercased, name: definition.label, identifier: definition.identifier, value: $0)
            }
        }
    }
}

extension SandboxCustomAttribute {
    /// Whether a conversation PATCH may set this attribute to `value` (`nil` clears it).
    func accepts(_ value: SandboxAttributeValue?) -> Bool {
        guard entityType == .conversation, !isArchived, !isDeactivated else { return false }
        switch (inputDefinition, value) {
        case (_, nil), (.text, .text):
            return true
        case (.select(let options), .select(let chosen)):
            let allowed = Set(Self.activeValues(options))
            return chosen.allSatisfy(allowed.contains)
        default:
            return false
        }
    }

    /// Values of active options at any depth (nested options may be chosen directly).
    private static func activeValues(_ options: [SandboxSelectOption]) -> [String] {
        options.filter { !$0.isDeactivated }.flatMap { [$0.value] + activeValues($0.nestedOptions) }
    }
}
