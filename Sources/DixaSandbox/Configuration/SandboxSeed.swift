import Foundation

/// What exists in the sandbox's organisation when it starts, and again after `POST /_sandbox/reset`.
public struct SandboxSeed: Codable, Sendable, Hashable {
    /// API tokens accepted in the `Authorization` header (raw or `Bearer`).
    public var tokens: [String]
    /// Agents that imports may name.
    public var agents: [SandboxAgent]
    /// Custom-attribute definitions.
    public var customAttributes: [SandboxCustomAttribute]
    /// Queues.
    public var queues: [SandboxQueue]
    /// End users that exist before any request.
    public var endUsers: [SandboxEndUserSeed]

    /// Creates a seed; every list defaults to the standard seed's.
    public init(
        tokens: [String] = SandboxSeed.standard.tokens,
        agents: [SandboxAgent] = SandboxSeed.standard.agents,
        customAttributes: [SandboxCustomAttribute] = SandboxSeed.standard.customAttributes,
        queues: [SandboxQueue] = SandboxSeed.standard.queues,
        endUsers: [SandboxEndUserSeed] = []
    ) {
        self.tokens = tokens
        self.agents = agents
        self.customAttributes = customAttributes
        self.queues = queues
        self.endUsers = endUsers
    }

    private enum CodingKeys: String, CodingKey {
        case tokens, agents, customAttributes, queues, endUsers
    }

    /// Decodes a seed; a key left out takes the standard seed's value, so a file can change one list only.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let standard = SandboxSeed.standard
        self.tokens = try container.decodeIfPresent([String].self, forKey: .tokens) ?? standard.tokens
        self.agents = try container.decodeIfPresent([SandboxAgent].self, forKey: .agents) ?? standard.agents
        self.customAttributes =
            try container.decodeIfPresent([SandboxCustomAttribute].self, forKey: .customAttributes) ?? standard.customAttributes
        self.queues = try container.decodeIfPresent([SandboxQueue].self, forKey: .queues) ?? standard.queues
        self.endUsers = try container.decodeIfPresent([SandboxEndUserSeed].self, forKey: .endUsers) ?? standard.endUsers
    }

    /// Reads a JSON seed file in this type's shape.
    ///
    /// - Throws: ``SandboxSeedError`` when the file cannot be read or is not a valid seed.
    public static func load(from path: String) throws -> SandboxSeed {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SandboxSeedError(path: path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        do {
            return try JSONDecoder().decode(SandboxSeed.self, from: data)
        } catch {
            throw SandboxSeedError(path: path, reason: "not a valid seed (\(error))")
        }
    }
}

/// A seed file that could not be loaded.
public struct SandboxSeedError: Error, CustomStringConvertible, Sendable {
    /// The file's path.
    public var path: String
    /// What went wrong.
    public var reason: String

    /// A message that names the file and the problem.
    public var description: String { "Seed file \(path): \(reason)" }
}
