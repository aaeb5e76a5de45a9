import Foundation

/// Every organisation's mutable data: end users, imported conversations and their attributes.
///
/// One actor, so every request sees a consistent state; the seeded parts never change and are readable without a
/// hop. Each organisation's end users are kept apart; conversations share one id sequence, as Dixa's do, so that an
/// id names one conversation whichever organisation asks, and only its own organisation finds it.
actor SandboxStore {
    nonisolated let directory: OrganizationDirectory
    /// By organisation index.
    private var endUsers: [OrganizationEndUsers]
    /// Internal, not private, so that the extensions in `SandboxStore+*.swift` can change them.
    var conversations: [Int64: StoredConversation] = [:]
    var nextConversationID: Int64 = StoredConversation.firstID

    init(directory: OrganizationDirectory) {
        self.directory = directory
        self.endUsers = directory.all.map(OrganizationEndUsers.init)
    }

    /// Back to the seed, in every organisation: created end users and imported conversations are gone, ids start again.
    func reset() {
        for index in endUsers.indices { endUsers[index].reset() }
        conversations = [:]
        nextConversationID = StoredConversation.firstID
    }

    // MARK: End users

    /// The organisation's end users in creation order, those matching `filter` exactly when one is given.
    func endUsers(matching filter: PageFilter?, in organization: Organization) -> [SandboxEndUser] {
        endUsers[organization.index].matching(filter)
    }

    /// Every organisation's end users, organisation by organisation, for inspection.
    func allEndUsers() -> [SandboxEndUser] { endUsers.flatMap(\.users) }

    /// One organisation's end users, for inspection.
    func allEndUsers(in organization: Organization) -> [SandboxEndUser] { endUsers[organization.index].users }

    /// Creates an end user. A second user with the same email is allowed (Dixa's behaviour is
    /// undocumented): it makes a client's double creation visible instead of hiding it.
    func createEndUser(_ input: CreateEndUserInput, in organization: Organization) -> SandboxEndUser {
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
            externalId: input.externalId,
            organization: organization.name
        )
        endUsers[organization.index].add(user)
        return user
    }

    /// The organisation's end user with this id; another organisation's is not found.
    func endUser(id: UUID, in organization: Organization) -> SandboxEndUser? {
        endUsers[organization.index].user(id: id)
    }

    /// Remembers that `requesterID` of `organization` requested conversation `id`.
    func addConversation(_ id: Int64, requestedBy requesterID: String, in organization: Organization) {
        endUsers[organization.index].addConversation(id, requestedBy: requesterID)
    }

    /// Ids of the conversations `requesterID` of `organization` requested, in import order.
    func conversationIDs(requestedBy requesterID: String, in organization: Organization) -> [Int64] {
        endUsers[organization.index].conversationIDs(requestedBy: requesterID)
    }
}
