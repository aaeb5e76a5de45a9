import DixaSandbox
import Foundation
import Testing

@Suite("Organisation configuration")
struct OrganizationConfigurationTests {
    @Test("organisation 1 is the standard seed; organisation k has its documented name, token and ids")
    func generatedIDs() {
        let first = SandboxOrganizationIDs(number: 1)
        #expect(first.name == "Dixa Sandbox")
        #expect(first.token == SandboxSeed.standardToken)
        #expect(first.botAgentID == SandboxSeed.botAgentID)
        #expect(first.humanAgentID == SandboxSeed.humanAgentID)
        #expect(first.supportQueueID == SandboxSeed.supportQueueID)
        #expect(first.billingQueueID == SandboxSeed.billingQueueID)
        #expect(first.organizationID == SandboxSeed.organizationID)
        #expect(first.orderIDAttributeID == SandboxSeed.orderIDAttributeID)
        #expect(SandboxSeed.organization(1) == SandboxSeed.standard)
        #expect(SandboxSeed.standard.name == SandboxSeed.standardName)

        let second = SandboxOrganizationIDs(number: 2)
        #expect(second.name == "Dixa Sandbox 2")
        #expect(second.token == "sandbox-org-2-token")
        #expect(second.botAgentID.dixa == "00000002-0000-4000-8000-0000000000b0")
        #expect(second.humanAgentID.dixa == "00000002-0000-4000-8000-0000000000a1")
        #expect(second.supportQueueID.dixa == "00000002-0000-4000-8000-0000000000e1")
        #expect(second.billingQueueID.dixa == "00000002-0000-4000-8000-0000000000e2")
        #expect(second.organizationID.dixa == "00000002-0000-4000-8000-0000000000f0")
        #expect(second.locationAttributeID.dixa == "00000002-0000-4000-8000-00000000ca04")
        #expect(SandboxOrganizationIDs(number: 12).botAgentID.dixa == "00000012-0000-4000-8000-0000000000b0")

        let seed = SandboxSeed.organization(2)
        #expect(seed.tokens == ["sandbox-org-2-token"])
        #expect(seed.agents.map(\.id) == [second.botAgentID, second.humanAgentID])
        #expect(seed.queues.first { $0.isDefault }?.id == second.supportQueueID)
        #expect(seed.customAttributes.map(\.identifier) == SandboxSeed.standard.customAttributes.map(\.identifier))
        #expect(Set(seed.customAttributes.map(\.id)).isDisjoint(with: SandboxSeed.standard.customAttributes.map(\.id)))
        #expect(seed.endUsers.isEmpty)
    }

    @Test("three generated organisations answer their documented tokens, each with its own queues")
    func threeOrganizations() async throws {
        let organizations = SandboxSeed.organizations(3)
        #expect(organizations.map(\.name) == ["Dixa Sandbox", "Dixa Sandbox 2", "Dixa Sandbox 3"])
        #expect(organizations.map(\.tokens) == [["sandbox-token"], ["sandbox-org-2-token"], ["sandbox-org-3-token"]])
        let configuration = SandboxConfiguration(organizations: organizations)
        #expect(configuration.seed == .standard)
        #expect(configuration.additionalOrganizations.count == 2)
        try await withSandbox(configuration) { client throws in
            for number in 1...3 {
                let ids = SandboxOrganizationIDs(number: number)
                let queues = try await client.send(.GET, "/v1/queues", authorization: ids.token)
                #expect(queues.status == 200)
                #expect(queues.json["data"]?.arrayValue?.first?["id"] == .string(ids.supportQueueID.dixa))
            }
            #expect(try await client.send(.GET, "/v1/queues", authorization: "sandbox-org-4-token").status == 401)
        }
    }

    @Test("a seed file of several organisations loads; a key left out takes that organisation's generated value")
    func multiOrganizationSeedFile() throws {
        let file = try SeedFile(
            #"{"organizations":[{"endUsers":[{"email":"old@example.com"}]},{"name":"Acme","tokens":["acme-token"]},{}]}"#
        )
        defer { file.remove() }
        let organizations = try SandboxSeed.loadOrganizations(from: file.path)
        #expect(organizations.count == 3)
        #expect(organizations[0].name == "Dixa Sandbox")
        #expect(organizations[0].tokens == ["sandbox-token"])
        #expect(organizations[0].endUsers.map(\.email) == ["old@example.com"])
        #expect(organizations[1].name == "Acme")
        #expect(organizations[1].tokens == ["acme-token"])
        #expect(organizations[1].agents == SandboxSeed.organization(2).agents)
        #expect(organizations[2] == SandboxSeed.organization(3))

        let topped = try SandboxSeed.organizations(seedFile: file.path, count: 4)
        #expect(topped.map(\.name) == ["Dixa Sandbox", "Acme", "Dixa Sandbox 3", "Dixa Sandbox 4"])
        #expect(try SandboxSeed.organizations(seedFile: file.path, count: nil).count == 3)
        #expect(throws: SandboxSeedError.self) { try SandboxSeed.organizations(seedFile: file.path, count: 2) }
        #expect(throws: SandboxSeedError.self) { try SandboxSeed.load(from: file.path) }
        #expect(try SandboxSeed.organizations(seedFile: nil, count: 2) == SandboxSeed.organizations(2))
    }

    @Test("a seed file in the single-organisation shape is still one organisation, and old seeds still build")
    func singleOrganizationSeedFile() async throws {
        let file = try SeedFile(#"{"tokens":["from-file"],"endUsers":[{"email":"seeded@example.com"}]}"#)
        defer { file.remove() }
        let organizations = try SandboxSeed.loadOrganizations(from: file.path)
        let loaded = try SandboxSeed.load(from: file.path)
        #expect(organizations == [loaded])
        #expect(organizations.first?.name == SandboxSeed.standardName)
        #expect(organizations.first?.queues == SandboxSeed.standard.queues)

        var seed = SandboxSeed()
        seed.tokens.append("extra")
        try await withSandbox(SandboxConfiguration(seed: seed)) { client throws in
            #expect(try await client.send(.GET, "/v1/queues", authorization: "extra").status == 200)
            #expect(client.sandbox.configuration.organizations == [seed])
        }
    }

    @Test("a seed encodes to JSON that reads back as the same seed")
    func seedRoundTrip() throws {
        let seed = SandboxSeed.organization(5)
        let decoded = try JSONDecoder().decode(SandboxSeed.self, from: try JSONEncoder().encode(seed))
        #expect(decoded == seed)
    }

    @Test("organisations sharing a token or a name are refused before the sandbox listens")
    func conflictingOrganizations() async throws {
        var sharedToken = SandboxSeed.organization(2)
        sharedToken.tokens.append(SandboxSeed.standardToken)
        var sameName = SandboxSeed.organization(2)
        sameName.name = SandboxSeed.standardName
        for organizations in [[.standard, sharedToken], [.standard, sameName]] {
            let configuration = SandboxConfiguration(organizations: organizations)
            #expect(throws: SandboxConfigurationError.self) { try configuration.validate() }
            let sandbox = DixaSandbox(configuration: configuration, logger: quietLogger)
            await #expect(throws: SandboxConfigurationError.self) { try await sandbox.run() }
            await #expect(throws: SandboxConfigurationError.self) { _ = try await sandbox.listeningPort() }
        }
        let error = #expect(throws: SandboxConfigurationError.self) {
            try SandboxConfiguration(organizations: [.standard, sharedToken]).validate()
        }
        #expect(error?.description.contains("share a token") == true)
        #expect(error?.description.contains(SandboxSeed.standardToken) == false, "the message never names a token")
    }
}

/// A seed file in the temporary directory.
struct SeedFile {
    let path: String

    init(_ json: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID()).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
