import Foundation

extension SandboxSeed {
    /// Reads a JSON seed file: one organisation in the shape of ``SandboxSeed`` (a key left out takes the standard
    /// seed's value), or several as `{"organizations": [seed, ...]}`, where a key left out of the k-th takes the value
    /// of ``organization(_:)`` k, so that each organisation keeps its own token, agents, queues and attribute ids.
    ///
    /// - Throws: ``SandboxSeedError`` when the file cannot be read or is not a valid seed.
    public static func loadOrganizations(from path: String) throws -> [SandboxSeed] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SandboxSeedError(path: path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        let file: SeedFile
        do {
            file = try JSONDecoder().decode(SeedFile.self, from: data)
        } catch {
            throw SandboxSeedError(path: path, reason: "not a valid seed (\(error))")
        }
        guard !file.organizations.isEmpty else { throw SandboxSeedError(path: path, reason: "\"organizations\" is empty") }
        return file.organizations
    }

    /// The organisations a sandbox started from a seed file serves: the file's (the standard seed's without a file),
    /// then generated ones (``organization(_:)``) up to `count`.
    ///
    /// - Parameters:
    ///   - path: the seed file, or `nil` for the standard seed.
    ///   - count: how many organisations in all; `nil` for as many as the file describes.
    /// - Throws: ``SandboxSeedError`` when the file cannot be loaded, or describes more organisations than `count`.
    public static func organizations(seedFile path: String?, count: Int?) throws -> [SandboxSeed] {
        let described = try path.map(loadOrganizations(from:)) ?? [.standard]
        let count = count ?? described.count
        guard count >= described.count else {
            throw SandboxSeedError(path: path ?? "", reason: "describes \(described.count) organisations, more than the \(count) asked for")
        }
        return described + (described.count..<count).map { organization($0 + 1) }
    }
}

/// The top level of a seed file: a single seed, or `{"organizations": [...]}`.
private struct SeedFile: Decodable {
    let organizations: [SandboxSeed]

    private enum CodingKeys: String, CodingKey {
        case organizations
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.organizations) else {
            organizations = [try SandboxSeed(from: decoder)]
            return
        }
        let entries = try container.decode([SeedFields].self, forKey: .organizations)
        organizations = entries.enumerated().map { index, fields in fields.seed(defaults: .organization(index + 1)) }
    }
}
