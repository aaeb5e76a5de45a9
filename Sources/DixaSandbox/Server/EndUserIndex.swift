/// Where each end user sits in the store's creation-ordered list: by id, and by each identity a lookup can filter on.
struct EndUserIndex {
    private var byID: [String: Int] = [:]
    private var byIdentity: [Identity: [Int]] = [:]

    /// A lookup filter's field and value: `email`, `phone`, or (any other name) `externalId`.
    private struct Identity: Hashable {
        let field: String
        let value: String
    }

    init() {}

    init(_ users: [SandboxEndUser]) {
        for (position, user) in users.enumerated() { add(user, at: position) }
    }

    /// Indexes `user`, stored at `position`. Of two users with one id, the first stays, as a search in creation order
    /// would find it.
    mutating func add(_ user: SandboxEndUser, at position: Int) {
        if byID[user.id] == nil { byID[user.id] = position }
        let identities = [("email", user.email), ("phone", user.phoneNumber), ("externalId", user.externalId)]
        for case (let field, let value?) in identities {
            byIdentity[Identity(field: field, value: value), default: []].append(position)
        }
    }

    func position(id: String) -> Int? { byID[id] }

    /// Positions of the users whose field named by `filter` equals its value exactly, in creation order.
    func positions(matching filter: PageFilter) -> [Int] {
        let field = filter.name == "email" || filter.name == "phone" ? filter.name : "externalId"
        return byIdentity[Identity(field: field, value: filter.value)] ?? []
    }
}
