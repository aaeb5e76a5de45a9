import Foundation

/// A seed as JSON spells it: every key optional, so that a file may give only what differs from a default seed
/// (the standard one, or in a file of several organisations, that organisation's generated one).
struct SeedFields: Codable {
    var name: String?
    var tokens: [String]?
    var agents: [SandboxAgent]?
    var customAttributes: [SandboxCustomAttribute]?
    var queues: [SandboxQueue]?
    var endUsers: [SandboxEndUserSeed]?

    init(_ seed: SandboxSeed) {
        name = seed.name
        tokens = seed.tokens
        agents = seed.agents
        customAttributes = seed.customAttributes
        queues = seed.queues
        endUsers = seed.endUsers
    }

    /// `defaults` with every key this value has replaced.
    func seed(defaults: SandboxSeed) -> SandboxSeed {
        SandboxSeed(
            name: name ?? defaults.name,
            tokens: tokens ?? defaults.tokens,
            agents: agents ?? defaults.agents,
            customAttributes: customAttributes ?? defaults.customAttributes,
            queues: queues ?? defaults.queues,
            endUsers: endUsers ?? defaults.endUsers
        )
    }
}
