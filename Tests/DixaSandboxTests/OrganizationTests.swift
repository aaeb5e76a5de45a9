import DixaSandbox
import Foundation
import Testing

@Suite("Queues, agents and transfer")
struct OrganizationTests {
    @Test("queues carry every field the Queue schema requires")
    func queues() async throws {
        try await withSandbox { client throws in
            let response = try await client.send(.GET, "/v1/queues")
            let queues = try #require(response.json["data"]?.arrayValue)
            #expect(queues.compactMap { $0["name"]?.stringValue } == ["Support", "Billing"])
            #expect(queues.map { $0["isDefault"] } == [.bool(true), .bool(false)])
            let required = [
                "id", "name", "isDefault", "organizationId", "queueThresholds", "slaCalculationMethod", "doNotOfferTimeouts",
                "isDoNotOfferEnabled",
            ]
            for key in required { #expect(queues.allSatisfy { $0[key] != nil }, "\(key)") }

            let billing = SandboxSeed.billingQueueID.uuidString.lowercased()
            #expect(try await client.send(.GET, "/v1/queues/\(billing)").json["data"]?["name"] == .string("Billing"))
            #expect(try await client.send(.GET, "/v1/queues/\(UUID().uuidString)").status == 404)
            #expect(try await client.send(.GET, "/v1/queues/main").message == "Invalid value for: path parameter queueId")
        }
    }

    @Test("agents: 200 with displayName and email, 404 unknown, 400 non-UUID")
    func agents() async throws {
        try await withSandbox { client throws in
            let bot = try await client.send(.GET, "/v1/agents/\(ImportExamples.bot)")
            #expect(bot.status == 200)
            #expect(bot.json["data"]?["displayName"] == .string("Chatbot"))
            #expect(bot.json["data"]?["id"] == .string(ImportExamples.bot))
            #expect(bot.json["data"]?["email"]?.stringValue != nil)
            #expect(try await client.send(.GET, "/v1/agents/\(UUID().uuidString)").status == 404)
            let bad = try await client.send(.GET, "/v1/agents/chatbot")
            #expect(bad.status == 400)
            #expect(bad.message == "Invalid value for: path parameter agentId")
        }
    }

    @Test("transfer to a queue: 204, then the conversation shows the queue")
    func transfer() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let id = try await client.importConversation(requesterId: requester)
            let support = SandboxSeed.supportQueueID.uuidString.lowercased()
            let path = "/v1/conversations/\(id)/transfer/queue"
            #expect(try await client.send(.PUT, path, body: #"{"queueId":"\#(support)"}"#).status == 204)
            #expect(try await client.send(.GET, "/v1/conversations/\(id)").json["data"]?["queue"]?["id"] == .string(support))
            #expect(try await client.conversationRecords().first?.queueId == support)

            let unknownQueue = try await client.send(.PUT, path, body: #"{"queueId":"\#(UUID().uuidString)"}"#)
            #expect(unknownQueue.message == "Queue does not exist")
            #expect(try await client.send(.PUT, path, body: #"{"queue":"\#(support)"}"#).message == "Invalid value for: body")
            #expect(try await client.send(.PUT, "/v1/conversations/5/transfer/queue", body: #"{"queueId":"\#(support)"}"#).status == 404)
        }
    }
}
