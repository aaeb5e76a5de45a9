import DixaSandbox
import Foundation
import Logging
import ServiceLifecycle
import Testing

@Suite("Lifecycle")
struct LifecycleTests {
    @Test("listeningPort waits for the bind and reports the real port; baseURL uses it")
    func ephemeralPort() async throws {
        try await withSandbox { client throws in
            let port = try await client.sandbox.listeningPort()
            #expect(port > 0)
            #expect(client.baseURL == "http://127.0.0.1:\(port)")
        }
    }

    @Test("a port already in use makes run() throw and listeningPort() fail instead of hanging")
    func portInUse() async throws {
        try await withSandbox { client throws in
            let taken = try await client.sandbox.listeningPort()
            let second = DixaSandbox(configuration: SandboxConfiguration(port: taken), logger: quietLogger)
            await #expect(throws: (any Error).self) { try await second.run() }
            await #expect(throws: (any Error).self) { _ = try await second.listeningPort() }
        }
    }

    @Test("in a ServiceGroup, graceful shutdown stops the sandbox")
    func gracefulShutdown() async throws {
        let sandbox = DixaSandbox(configuration: SandboxConfiguration(), logger: quietLogger)
        let group = ServiceGroup(configuration: .init(services: [sandbox], logger: quietLogger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let url = try await sandbox.baseURL()
            let client = SandboxClient(sandbox: sandbox, baseURL: url)
            #expect(try await client.send(.GET, "/v1/queues").status == 200)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("a seed file may set only some keys; the rest are standard")
    func seedFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID()).json").path
        try #"{"tokens":["from-file"],"endUsers":[{"email":"seeded@example.com"}]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let seed = try SandboxSeed.load(from: path)
        #expect(seed.tokens == ["from-file"])
        #expect(seed.endUsers.map(\.email) == ["seeded@example.com"])
        #expect(seed.agents == SandboxSeed.standard.agents)
        #expect(throws: SandboxSeedError.self) { try SandboxSeed.load(from: path + ".missing") }
    }

    @Test("the standard seed has the documented ids")
    func standardSeed() {
        let seed = SandboxSeed.standard
        #expect(seed.tokens == ["sandbox-token"])
        #expect(seed.agents.map(\.id.uuidString) == ["00000000-0000-4000-8000-0000000000B0", "00000000-0000-4000-8000-0000000000A1"])
        #expect(seed.customAttributes.map(\.identifier) == ["order_id", "contact_reason", "tags_list", "location"])
        #expect(seed.queues.first { $0.isDefault }?.id == SandboxSeed.supportQueueID)
    }
}
