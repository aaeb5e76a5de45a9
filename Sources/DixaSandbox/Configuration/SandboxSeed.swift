import Foundation

/// What exists in one sandbox organisation when it starts, and again after `POST /_sandbox/reset`.
///
/// A sandbox serves one organisation per seed (``SandboxConfiguration/organizations``); each has its own tokens, agents,
/// queues, custom attributes, end users, conversations and webhook subscriptions, and sees nothing of the others'.
public struct SandboxSeed: Codable, Sendable, Hashable {
    /// The organisation's name: webhook envelopes carry it, and inspection records say it.
    /// Unique among a sandbox's organisations.
    public var name: String
    /// API tokens accepted in the `Authorization` header (raw or `Bearer`). A token belongs to one organisation only.
    public var tokens: [String]
    /// Agents that imports may name.
    public var agents: [SandboxAgent]
    /// Custom-attribute definitions.
    public var customAttributes: [SandboxCustomAttribute]
    /// Queues.
    public var queues: [SandboxQueue]
    /// End users that exist before any request.
    public var endUsers: [SandboxEndUserSeed]

    /// Creates a seed; every value defaults to the standard seed's.
    public init(
        name: String = SandboxSeed.standardName,
        tokens: [String] = SandboxSeed.standard.tokens,
        agents: [SandboxAgent] = SandboxSeed.standard.agents,
        customAttributes: [SandboxCustomAttribute] = SandboxSeed.standard.customAttributes,
        queues: [SandboxQueue] = SandboxSeed.standard.queues,
        endUsers: [SandboxEndUserSeed] = []
    ) {
        self.name = name
        self.tokens = tokens
        self.agents = agents
        self.customAttributes = customAttributes
        self.queues = queues
        self.endUsers = endUsers
    }

    /// Decodes a seed; a key left out takes the standard seed's value, so a file can change one list only.
    public init(from decoder: any Decoder) throws {
        self = try SeedFields(from: decoder).seed(defaults: .standard)
    }

    /// Encodes every key, so that the JSON reads back as the same seed.
    public func encode(to encoder: any Encoder) throws {
        try SeedFields(self).encode(to: encoder)
    }

    /// Reads a JSON seed file that describes one organisation (the shape of this type).
    ///
    /// - Throws: ``SandboxSeedError`` when the file cannot be read, is not a valid seed, or describes several
    ///   organisations (read those with ``loadOrganizations(from:)``).
    public static func load(from path: String) throws -> SandboxSeed {
        let organizations = try loadOrganizations(from: path)
        guard organizations.count == 1, let seed = organizations.first else {
            throw SandboxSeedError(path: path, reason: "describes \(organizations.count) organisations, not one")
        }
        return seed
    }
}

/// A seed file that could not be loaded, or organisations that cannot be served together.
public struct SandboxSeedError: Error, CustomStringConvertible, Sendable {
    /// The file's path; empty when no file is involved.
    public var path: String
    /// What went wrong.
    public var reason: String

    /// Creates the error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// A message that names the file and the problem.
    public var description: String { path.isEmpty ? reason : "Seed file \(path): \(reason)" }
}
