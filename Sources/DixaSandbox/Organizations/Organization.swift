import Foundation

/// One organisation as the running sandbox serves it: its seed, and what its position decides (its organisation id
/// and the agent simulated actions use by default).
struct Organization: Sendable {
    /// 0, 1, 2... in ``SandboxConfiguration/organizations`` order.
    let index: Int
    let seed: SandboxSeed
    private let ids: SandboxOrganizationIDs

    init(index: Int, seed: SandboxSeed) {
        self.index = index
        self.seed = seed
        self.ids = SandboxOrganizationIDs(number: index + 1)
    }

    var name: String { seed.name }

    /// Served in queue objects and webhook envelopes; organisation 1's is the standard ``SandboxSeed/organizationID``.
    var organizationID: UUID { ids.organizationID }

    /// The agent that simulated actions use when none is named: the organisation's generated Human Agent (the standard
    /// seed's for organisation 1), whether or not its seed has it.
    var defaultAgentID: UUID { ids.humanAgentID }

    /// API tokens belong to a user; the seed's first agent (the bot in generated seeds) stands in for it.
    var tokenUserID: UUID { seed.agents.first?.id ?? organizationID }

    func agent(id: UUID) -> SandboxAgent? {
        seed.agents.first { $0.id == id }
    }

    func hasAgent(id: UUID) -> Bool { agent(id: id) != nil }

    func queue(id: UUID) -> SandboxQueue? {
        seed.queues.first { $0.id == id }
    }

    func customAttribute(id: UUID) -> SandboxCustomAttribute? {
        seed.customAttributes.first { $0.id == id }
    }
}
