import DixaSandbox
import Foundation
import Testing

@Suite("Organisation inspection and reset")
struct OrganizationInspectionTests {
    static let a = TwoOrganizations.a
    static let b = TwoOrganizations.b

    @Test("every inspected item names its organisation; the filtered variants keep one organisation's")
    func namedAndFiltered() async throws {
        try await withSandbox(TwoOrganizations.configuration) { client throws in
            let inA = try await client.openConversation(email: "ann@example.com", organization: Self.a)
            let inB = try await client.openConversation(email: "bob@example.com", organization: Self.b)
            _ = try await client.send(.GET, "/v1/queues", authorization: "not-a-token")

            let sandbox = client.sandbox
            #expect(await sandbox.recordedRequests().map(\.organization) == [Self.a.name, Self.a.name, Self.b.name, Self.b.name, nil])
            #expect(await sandbox.recordedRequests(organization: Self.b.name).map(\.path) == ["/v1/endusers", "/v1/conversations/import"])
            #expect(await sandbox.conversations().map(\.organization) == [Self.a.name, Self.b.name])
            #expect(await sandbox.conversations(organization: Self.b.name).map(\.id) == [inB])
            #expect(await sandbox.conversations(organization: Self.a.name).map(\.id) == [inA])
            #expect(await sandbox.endUsers().map(\.organization) == [Self.a.name, Self.b.name])
            #expect(await sandbox.endUsers(organization: Self.b.name).map(\.email) == ["bob@example.com"])
            #expect(await sandbox.endUsers(organization: "No Such Organisation").isEmpty)

            let raw = try await client.send(.GET, "/_sandbox/requests", authorization: nil).text
            #expect(!raw.contains(Self.a.token) && !raw.contains(Self.b.token) && !raw.contains("not-a-token"))
            let query = "?organization=" + Self.b.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let requests = try await client.send(.GET, "/_sandbox/requests" + query, authorization: nil).decode([SandboxRecordedRequest].self)
            #expect(requests.map(\.organization) == [Self.b.name, Self.b.name])
            let conversations = try await client.send(.GET, "/_sandbox/conversations" + query, authorization: nil)
            #expect(try conversations.decode([SandboxConversationRecord].self).map(\.id) == [inB])
            let users = try await client.send(.GET, "/_sandbox/endusers" + query, authorization: nil).decode([SandboxEndUser].self)
            #expect(users.map(\.organization) == [Self.b.name])
            #expect(try await client.send(.GET, "/_sandbox/endusers?organization=nobody", authorization: nil).json == .array([]))
        }
    }

    @Test("reset brings every organisation back to its own seed")
    func resetEveryOrganization() async throws {
        let returning = UUID(uuidString: "22222222-3333-4444-8555-666666666666")!
        var second = SandboxSeed.organization(2)
        second.endUsers = [SandboxEndUserSeed(id: returning, email: "old@example.com")]
        try await withSandbox(SandboxConfiguration(organizations: [.standard, second])) { client throws in
            let first = try await client.openConversation(organization: Self.a)
            _ = try await client.openConversation(organization: Self.b)
            _ = try await client.createSubscription(WebhookExamples.subscription(url: "https://b.example/hooks"), token: Self.b.token)
            #expect(try await client.send(.POST, "/_sandbox/reset", authorization: nil).status == 204)

            #expect(await client.sandbox.conversations().isEmpty)
            #expect(await client.sandbox.webhookSubscriptions().isEmpty)
            let users = await client.sandbox.endUsers()
            #expect(users.map(\.id) == [returning.dixa])
            #expect(users.map(\.organization) == [Self.b.name])
            let found = try await client.send(.GET, "/v1/endusers/\(returning.dixa)", authorization: Self.b.token)
            #expect(found.status == 200)
            #expect(try await client.send(.GET, "/v1/endusers/\(returning.dixa)", authorization: Self.a.token).status == 404)
            let again = try await client.importConversation(requesterId: returning.dixa, organization: Self.b)
            #expect(again == first, "conversation ids start again")
        }
    }
}
