import DixaSandbox
import Foundation
import Testing

@Suite("Organisations kept apart")
struct OrganizationIsolationTests {
    static let a = TwoOrganizations.a
    static let b = TwoOrganizations.b

    @Test("the same email in two organisations is two end users, and each organisation finds only its own")
    func sameEmailTwoEndUsers() async throws {
        try await withSandbox(TwoOrganizations.configuration) { client throws in
            let inA = try await client.createEndUser(email: "ann@example.com", token: Self.a.token)
            let inB = try await client.createEndUser(email: "ann@example.com", token: Self.b.token)
            #expect(inA != inB)
            for (token, id) in [(Self.a.token, inA), (Self.b.token, inB)] {
                let found = try await client.send(.GET, "/v1/endusers?email=ann%40example.com", authorization: token)
                #expect(found.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [id])
                let all = try await client.send(.GET, "/v1/endusers", authorization: token)
                #expect(all.json["data"]?.arrayValue?.count == 1)
                #expect(found.json["data"]?.arrayValue?.first?["organization"] == nil, "the API never names the organisation")
            }
        }
    }

    @Test("another organisation's end user and conversation are as unknown as missing ones")
    func crossOrganizationLookups() async throws {
        try await withSandbox(TwoOrganizations.configuration) { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com", token: Self.a.token)
            let id = try await client.importConversation(requesterId: requester, organization: Self.a)
            #expect(try await client.send(.GET, "/v1/endusers/\(requester)", authorization: Self.a.token).status == 200)
            #expect(try await client.send(.GET, "/v1/conversations/\(id)", authorization: Self.a.token).status == 200)

            let b = Self.b.token
            let unknownUser = try await client.send(.GET, "/v1/endusers/\(requester)", authorization: b)
            let missingUser = try await client.send(.GET, "/v1/endusers/\(UUID().dixa)", authorization: b)
            #expect(unknownUser.status == 404)
            #expect(unknownUser.text == missingUser.text)
            #expect(try await client.send(.GET, "/v1/endusers/\(requester)/conversations", authorization: b).status == 404)
            #expect(try await client.send(.GET, "/v1/endusers?email=ann%40example.com", authorization: b).json == .object(["data": .array([])]))

            let missingConversation = try await client.send(.GET, "/v1/conversations/999999", authorization: b)
            let requests: [(String, String, String?)] = [
                ("GET", "/v1/conversations/\(id)", nil),
                ("PATCH", "/v1/conversations/\(id)/custom-attributes", #"{"\#(Self.b.orderIDAttributeID.dixa)":"A-1"}"#),
                ("PUT", "/v1/conversations/\(id)/transfer/queue", #"{"queueId":"\#(Self.b.supportQueueID.dixa)"}"#),
                ("PUT", "/v1/conversations/\(id)/close", nil),
                ("PUT", "/v1/conversations/\(id)/reopen", nil),
            ]
            for (method, path, body) in requests {
                let response = try await client.send(.init(rawValue: method), path, body: body, authorization: b)
                #expect(response.status == missingConversation.status, "\(method) \(path)")
                #expect(response.message == missingConversation.message, "\(method) \(path)")
            }
            #expect(missingConversation.status == 404)
            #expect(try await client.conversationRecords().first?.state == "Open", "B's close did not reach A's conversation")
        }
    }

    @Test("an import into B naming A's requester is 400 Requester does not exist")
    func foreignRequester() async throws {
        try await withSandbox(TwoOrganizations.configuration) { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com", token: Self.a.token)
            let body = ImportExamples.genericAPIMessaging(requesterId: requester, bot: Self.b.botAgentID.dixa)
            let response = try await client.send(.POST, "/v1/conversations/import", json: body, authorization: Self.b.token)
            #expect(response.status == 400)
            #expect(response.message == "Requester does not exist")
            #expect(await client.sandbox.conversations().isEmpty)
        }
    }

    @Test("an import into B naming A's agent is 400 Agent does not exist, wherever the agent is named")
    func foreignAgent() async throws {
        try await withSandbox(TwoOrganizations.configuration) { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com", token: Self.b.token)
            let own = ImportExamples.genericAPIMessaging(requesterId: requester, bot: Self.b.botAgentID.dixa)
            let foreign = SandboxJSON.string(Self.a.botAgentID.dixa)
            for path in [["assignment", "agentId"], ["messages", "1", "agentId"]] {
                let response = try await client.send(
                    .POST,
                    "/v1/conversations/import",
                    json: own.setting(path, to: foreign),
                    authorization: Self.b.token
                )
                #expect(response.status == 400, "\(path)")
                #expect(response.message == "Agent does not exist", "\(path)")
            }
            let closed = own.setting(["closing"], to: .object(["closedAt": .string("2021-12-01T15:00:00.005Z"), "closedBy": foreign]))
            #expect(
                try await client.send(.POST, "/v1/conversations/import", json: closed, authorization: Self.b.token).message == "Agent does not exist"
            )
            #expect(try await client.send(.POST, "/v1/conversations/import", json: own, authorization: Self.b.token).status == 201)
            #expect(try await client.send(.GET, "/v1/agents/\(Self.a.botAgentID.dixa)", authorization: Self.b.token).status == 404)
        }
    }

    @Test("a transfer in B to A's queue is 400 Queue does not exist; B lists its own queues")
    func foreignQueue() async throws {
        try await withSandbox(TwoOrganizations.configuration) { client throws in
            let id = try await client.openConversation(organization: Self.b)
            let path = "/v1/conversations/\(id)/transfer/queue"
            let foreign = try await client.send(.PUT, path, body: #"{"queueId":"\#(Self.a.supportQueueID.dixa)"}"#, authorization: Self.b.token)
            #expect(foreign.status == 400)
            #expect(foreign.message == "Queue does not exist")
            #expect(
                try await client.send(.PUT, path, body: #"{"queueId":"\#(Self.b.supportQueueID.dixa)"}"#, authorization: Self.b.token).status == 204
            )

            let queues = try #require(try await client.send(.GET, "/v1/queues", authorization: Self.b.token).json["data"]?.arrayValue)
            #expect(queues.compactMap { $0["id"]?.stringValue } == [Self.b.supportQueueID.dixa, Self.b.billingQueueID.dixa])
            #expect(queues.allSatisfy { $0["organizationId"] == .string(Self.b.organizationID.dixa) })
            #expect(try await client.send(.GET, "/v1/queues/\(Self.a.supportQueueID.dixa)", authorization: Self.b.token).status == 404)
        }
    }

    @Test("custom attributes exist by id only within their organisation")
    func foreignCustomAttribute() async throws {
        try await withSandbox(TwoOrganizations.configuration) { client throws in
            let listed = try await client.send(.GET, "/v1/custom-attributes", authorization: Self.b.token).json["data"]?.arrayValue ?? []
            #expect(listed.compactMap { $0["identifier"]?.stringValue } == ["order_id", "contact_reason", "tags_list", "location"])
            #expect(listed.first?["id"] == .string(Self.b.orderIDAttributeID.dixa))

            let id = try await client.openConversation(organization: Self.b)
            let path = "/v1/conversations/\(id)/custom-attributes"
            let foreign = try await client.send(.PATCH, path, body: #"{"\#(Self.a.orderIDAttributeID.dixa)":"A-1"}"#, authorization: Self.b.token)
            #expect(foreign.status == 400)
            #expect(foreign.message == "Invalid input for patching")
            let own = try await client.send(.PATCH, path, body: #"{"\#(Self.b.orderIDAttributeID.dixa)":"A-1"}"#, authorization: Self.b.token)
            #expect(own.status == 200)
            #expect(own.json["data"]?.arrayValue?.first?["identifier"] == .string("order_id"))
        }
    }
}
