import Foundation

/// One organisation's end users, seeded and created, and the ids of the conversations each requested.
struct OrganizationEndUsers {
    private let seeded: [SandboxEndUser]
    private(set) var users: [SandboxEndUser]
    /// Positions in `users`, by id and by each identity, so that requester checks and lookups stay constant-time
    /// however many end users exist.
    private var index: EndUserIndex
    /// Conversation ids by requester id, in import order.
    private var conversationsByRequester: [String: [Int64]] = [:]

    init(_ organization: Organization) {
        // Ids of seeded users are drawn once, so a reset brings back the very same users.
        seeded = organization.seed.endUsers.map { user in
            SandboxEndUser(
                id: (user.id ?? UUID()).lowercased,
                createdAt: "2024-01-01T00:00:00.000Z",
                displayName: user.displayName,
                email: user.email,
                phoneNumber: user.phoneNumber,
                externalId: user.externalId,
                organization: organization.name
            )
        }
        users = seeded
        index = EndUserIndex(seeded)
    }

    /// Back to the seed: created end users are gone, and so is every conversation.
    mutating func reset() {
        users = seeded
        index = EndUserIndex(seeded)
        conversationsByRequester = [:]
    }

    /// End users in creation order, those matching `filter` exactly when one is given.
    func matching(_ filter: PageFilter?) -> [SandboxEndUser] {
        guard let filter else { return users }
        return index.positions(matching: filter).map { users[$0] }
    }

    func user(id: UUID) -> SandboxEndUser? {
        index.position(id: id.lowercased).map { users[$0] }
    }

    mutating func add(_ user: SandboxEndUser) {
        index.add(user, at: users.count)
        users.append(user)
    }

    func conversationIDs(requestedBy requesterID: String) -> [Int64] {
        conversationsByRequester[requesterID] ?? []
    }

    mutating func addConversation(_ id: Int64, requestedBy requesterID: String) {
        conversationsByRequester[requesterID, default: []].append(id)
    }
}
