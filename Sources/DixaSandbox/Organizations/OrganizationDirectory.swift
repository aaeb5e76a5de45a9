/// Every organisation the sandbox serves, and which one each token belongs to.
struct OrganizationDirectory: Sendable {
    let all: [Organization]
    private let byToken: [String: Organization]

    /// A token listed by two organisations goes to the first; ``SandboxConfiguration/validate()`` refuses that anyway.
    init(_ seeds: [SandboxSeed]) {
        all = seeds.enumerated().map { Organization(index: $0, seed: $1) }
        var byToken: [String: Organization] = [:]
        for organization in all {
            for token in organization.seed.tokens where byToken[token] == nil { byToken[token] = organization }
        }
        self.byToken = byToken
    }

    /// The organisation `token` belongs to, or `nil` for a token no organisation has.
    func organization(token: String) -> Organization? { byToken[token] }

    func organization(named name: String) -> Organization? {
        all.first { $0.name == name }
    }
}
