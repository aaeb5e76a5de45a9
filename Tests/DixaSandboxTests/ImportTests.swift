import DixaSandbox
import Foundation
import Testing

@Suite("Conversation import")
struct ImportTests {
    @Test("the OpenAPI genericapimessaging example imports, 201, and is stored exactly as sent")
    func happyPath() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let text = ImportExamples.genericAPIMessagingText(requesterId: requester)
            let response = try await client.send(.POST, "/v1/conversations/import", body: text)
            #expect(response.status == 201)
            #expect(response.json == .object(["data": .object(["id": .number(1000)])]), "no partialErrors key when there are none")

            let second = try await client.send(.POST, "/v1/conversations/import", body: text)
            #expect(second.json["data"]?["id"] == .number(1001), "ids increase")

            let records = try await client.conversationRecords()
            let record = try #require(records.first)
            #expect(records.map(\.id) == [1000, 1001])
            #expect(record.rawRequest == text, "the body is kept byte for byte")
            #expect(record.request == SandboxJSON.parse(Data(text.utf8)))
            #expect(record.requesterId == requester)
            #expect(record.state == "Open")
            #expect(record.createdAt == "2021-12-01T11:00:00.001Z")
            #expect(record.externalId == nil)
        }
    }

    @Test("GET /v1/conversations/{id} serves a GenericConversation without externalId")
    func getConversation() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let id = try await client.importConversation(requesterId: requester, externalId: "chat-42")
            let response = try await client.send(.GET, "/v1/conversations/\(id)")
            #expect(response.status == 200)
            let data = try #require(response.json["data"])
            #expect(data["id"] == .number(Double(id)))
            #expect(data["_type"] == .string("GenericConversation"))
            #expect(data["requesterId"] == .string(requester))
            #expect(data["state"] == .string("Open"))
            #expect(data["direction"] == .string("Inbound"))
            #expect(data["createdAt"] == .string("2021-12-01T11:00:00.001Z"))
            #expect(data["assignment"]?["agentId"] == .string(ImportExamples.bot))
            #expect(data["externalId"] == nil)
            #expect(data["channel"]?.stringValue != nil)
            #expect(try await client.conversationRecords().first?.externalId == "chat-42", "inspection keeps the externalId")

            let bad = try await client.send(.GET, "/v1/conversations/abc")
            #expect(bad.status == 400)
            #expect(bad.message == "Invalid value for: path parameter conversationId")
            #expect(try await client.send(.GET, "/v1/conversations/999999").status == 404)
        }
    }

    @Test("the OpenAPI email example imports Closed, with stateUpdatedAt = closedAt")
    func emailClosed() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let response = try await client.send(.POST, "/v1/conversations/import", json: ImportExamples.email(requesterId: requester))
            #expect(response.status == 201)
            #expect(response.json["data"]?["partialErrors"] == nil)
            let conversation = try await client.send(.GET, "/v1/conversations/1000").json["data"]
            #expect(conversation?["state"] == .string("Closed"))
            #expect(conversation?["stateUpdatedAt"] == .string("2021-12-01T15:00:00.005Z"))
            #expect(conversation?["channel"] == .string("Email"))
        }
    }

    @Test("timestamps with an offset are accepted and reported in UTC")
    func offsetTimestamp() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let body = ImportExamples.genericAPIMessaging(requesterId: requester)
                .setting(["createdAt"], to: .string("2021-12-01T12:30:00.5+01:30"))
            #expect(try await client.send(.POST, "/v1/conversations/import", json: body).status == 201)
            #expect(try await client.conversationRecords().first?.createdAt == "2021-12-01T11:00:00.5Z")
        }
    }

    @Test("attachments whose url is not http(s) are partial errors, named by message externalId or index")
    func attachmentPartialErrors() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let body = ImportExamples.genericAPIMessaging(requesterId: requester)
                .setting(["messages", "0", "attachments"], to: .array([.object(["url": .string("ftp://files.example.com/a.png")])]))
                .setting(["messages", "0", "externalId"], to: .string("msg-7"))
                .setting(["messages", "1", "attachments"], to: .array([.object(["url": .string("not a url")])]))
            let response = try await client.send(.POST, "/v1/conversations/import", json: body)
            #expect(response.status == 201)
            let messages = response.json["data"]?["partialErrors"]?.arrayValue?.compactMap { $0["message"]?.stringValue }
            #expect(
                messages == [
                    "Invalid attachment url in message. externalId: msg-7",
                    "Invalid attachment url in message. externalId: 1",
                ]
            )
        }
    }

    @Test("conversations of an end user are listed in the GenericConversation shape")
    func endUserConversations() async throws {
        try await withSandbox { client throws in
            let ann = try await client.createEndUser(email: "ann@example.com")
            let bob = try await client.createEndUser(email: "bob@example.com")
            let first = try await client.importConversation(requesterId: ann)
            _ = try await client.importConversation(requesterId: bob)
            let response = try await client.send(.GET, "/v1/endusers/\(ann)/conversations")
            let items = try #require(response.json["data"]?.arrayValue)
            #expect(items.map { $0["id"] } == [.number(Double(first))])
            #expect(items.first?["_type"] == .string("GenericConversation"))
            #expect(items.first?["customAttributes"] == nil)
            #expect(response.json["meta"] == nil)

            let unknown = try await client.send(.GET, "/v1/endusers/\(UUID().uuidString)/conversations")
            #expect(unknown.status == 404)
            #expect(try await client.send(.GET, "/v1/endusers/nope/conversations").message == "Invalid value for: path parameter userId")
        }
    }
}
