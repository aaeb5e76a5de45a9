import DixaSandbox
import Foundation
import Testing

@Suite("Reopen and close")
struct ConversationActionTests {
    @Test("PUT close then reopen: 204 each, with or without a body; the state shows in GET and in inspection")
    func closeAndReopen() async throws {
        try await withSandbox { client throws in
            let id = try await client.openConversation()

            #expect(try await client.send(.PUT, "/v1/conversations/\(id)/close").status == 204, "no body is allowed")
            #expect(try await client.send(.GET, "/v1/conversations/\(id)").json["data"]?["state"] == .string("Closed"))
            #expect(try await client.conversationRecords().first?.state == "Closed")

            let agent = #"{"userId":"\#(SandboxSeed.humanAgentID.uuidString.lowercased())"}"#
            #expect(try await client.send(.PUT, "/v1/conversations/\(id)/reopen", body: agent).status == 204)
            #expect(try await client.send(.GET, "/v1/conversations/\(id)").json["data"]?["state"] == .string("Open"))
            #expect(try await client.conversationRecords().first?.state == "Open")

            #expect(try await client.send(.PUT, "/v1/conversations/\(id)/reopen", body: "{}").status == 204, "reopening an open one is harmless")
            #expect(try await client.send(.PUT, "/v1/conversations/\(id)/close", body: agent).status == 204)
            #expect(try await client.conversationRecords().first?.state == "Closed")
        }
    }

    @Test("a conversation imported closed can be reopened")
    func reopenClosedImport() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let imported = try await client.send(.POST, "/v1/conversations/import", json: ImportExamples.email(requesterId: requester))
            let id = Int64(try #require(imported.json["data"]?["id"]?.numberValue))
            #expect(try await client.conversationRecords().first?.state == "Closed")
            #expect(try await client.send(.PUT, "/v1/conversations/\(id)/reopen").status == 204)
            #expect(try await client.send(.GET, "/v1/conversations/\(id)").json["data"]?["state"] == .string("Open"))
        }
    }

    @Test("an unknown conversation is 404, a malformed id 400", arguments: ["reopen", "close"])
    func unknownConversation(_ action: String) async throws {
        try await withSandbox { client throws in
            let missing = try await client.send(.PUT, "/v1/conversations/999999/\(action)")
            #expect(missing.status == 404)
            #expect(missing.message == "The requested resource could not be found")
            let malformed = try await client.send(.PUT, "/v1/conversations/abc/\(action)")
            #expect(malformed.status == 400)
            #expect(malformed.message == "Invalid value for: path parameter conversationId")
        }
    }

    @Test(
        "an unknown user is 'User not found', an end user 'User is not agent/admin', a bad body 'Invalid value for: body'",
        arguments: ["reopen", "close"]
    )
    func badUsers(_ action: String) async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let id = try await client.importConversation(requesterId: requester)
            let path = "/v1/conversations/\(id)/\(action)"

            let stranger = try await client.send(.PUT, path, body: #"{"userId":"\#(UUID().uuidString)"}"#)
            #expect(stranger.status == 400)
            #expect(stranger.message == "User not found")

            let endUser = try await client.send(.PUT, path, body: #"{"userId":"\#(requester)"}"#)
            #expect(endUser.status == 400)
            #expect(endUser.message == "User is not agent/admin")

            for body in [#"{"userId":"nope"}"#, #"{"agentId":"\#(SandboxSeed.humanAgentID)"}"#, "[]", "not json"] {
                let bad = try await client.send(.PUT, path, body: body)
                #expect(bad.status == 400, "\(body)")
                #expect(bad.message == "Invalid value for: body", "\(body)")
            }
            #expect(try await client.conversationRecords().first?.state == "Open", "nothing changed")
        }
    }
}
