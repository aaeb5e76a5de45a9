import DixaSandbox
import Foundation
import Testing

@Suite("Organisations' webhooks")
struct OrganizationWebhookTests {
    static let a = TwoOrganizations.a
    static let b = TwoOrganizations.b

    @Test("A's subscriptions are neither listed, found nor deleted by B")
    func subscriptionsApart() async throws {
        try await withSandbox(TwoOrganizations.configuration) { client throws in
            let created = try await client.createSubscription(WebhookExamples.subscription(url: "https://a.example/hooks"), token: Self.a.token)
            let id = try #require(created["id"]?.stringValue)
            #expect(created["createdBy"] == .string(Self.a.botAgentID.dixa))

            #expect(try await client.send(.GET, "/v1/webhooks", authorization: Self.b.token).json == .object(["data": .array([])]))
            #expect(try await client.send(.GET, "/v1/webhooks/\(id)", authorization: Self.b.token).status == 404)
            #expect(try await client.send(.DELETE, "/v1/webhooks/\(id)", authorization: Self.b.token).status == 404)
            #expect(try await client.send(.GET, "/v1/webhooks/\(id)", authorization: Self.a.token).status == 200)
            let listedForA = try await client.send(.GET, "/v1/webhooks", authorization: Self.a.token).json["data"]?.arrayValue
            #expect(listedForA?.compactMap { $0["id"]?.stringValue } == [id])

            #expect(await client.sandbox.webhookSubscriptions().map(\.organization) == [Self.a.name])
            #expect(await client.sandbox.webhookSubscriptions(organization: Self.b.name).isEmpty)
            let query = "organization=\(Self.b.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
            #expect(try await client.send(.GET, "/_sandbox/webhooks?\(query)", authorization: nil).json == .array([]))
        }
    }

    @Test("events of A's conversations go to A's subscriptions only, and their envelope names A")
    func deliveriesApart() async throws {
        try await withSandbox(TwoOrganizations.configuration) { client throws in
            try await withWebhookReceiver { receiver throws in
                _ = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url("a")), token: Self.a.token)
                _ = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url("b")), token: Self.b.token)
                let inA = try await client.openConversation(organization: Self.a)
                let inB = try await client.openConversation(organization: Self.b)
                #expect(inA != inB, "conversation ids are unique across organisations")

                let fromA = try await client.sandbox.agentMessage(conversationID: inA, text: "Hi from A")
                #expect(fromA.map(\.url) == [receiver.url("a")])
                #expect(fromA.map(\.organization) == [Self.a.name])
                let fromB = try await client.sandbox.agentMessage(conversationID: inB, text: "Hi from B")
                #expect(fromB.map(\.url) == [receiver.url("b")])
                #expect(try await client.send(.PUT, "/v1/conversations/\(inB)/close", authorization: Self.b.token).status == 204)

                let received = await receiver.received()
                #expect(received.map(\.path) == ["/hooks/a", "/hooks/b", "/hooks/b"])
                #expect(received[0].json["organization"] == .object(["id": .string(Self.a.organizationID.dixa), "name": .string(Self.a.name)]))
                #expect(received[1].json["organization"] == .object(["id": .string(Self.b.organizationID.dixa), "name": .string(Self.b.name)]))
                #expect(await client.sandbox.webhookDeliveries(organization: Self.a.name).map(\.conversationID) == [inA])
                #expect(await client.sandbox.webhookDeliveries(organization: Self.b.name).map(\.conversationID) == [inB, inB])
            }
        }
    }

    @Test("a simulated agent acts in the conversation's organisation: its Human Agent by default, never another's agent")
    func simulatedAgentApart() async throws {
        try await withSandbox(TwoOrganizations.configuration) { client throws in
            try await withWebhookReceiver { receiver throws in
                _ = try await client.createSubscription(WebhookExamples.subscription(url: receiver.url()), token: Self.b.token)
                let id = try await client.openConversation(organization: Self.b)
                _ = try await client.sandbox.agentTyping(conversationID: id)
                let agent = await receiver.received().first?.json["data"]?["agent"]
                #expect(agent?["id"] == .string(Self.b.humanAgentID.dixa))
                #expect(agent?["email"] == .string("agent@org-2.sandbox.dixa.invalid"))

                await #expect(throws: SandboxActionError(status: 400, message: "User not found")) {
                    _ = try await client.sandbox.agentMessage(conversationID: id, text: "Hi", agentID: Self.a.humanAgentID)
                }
                let closeByA = #"{"userId":"\#(Self.a.humanAgentID.dixa)"}"#
                let refused = try await client.send(.PUT, "/v1/conversations/\(id)/close", body: closeByA, authorization: Self.b.token)
                #expect(refused.status == 400)
                #expect(refused.message == "User not found")
            }
        }
    }
}
