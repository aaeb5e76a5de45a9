import DixaSandbox
import Foundation
import Testing

/// One way to break the genericapimessaging example, and the message Dixa answers.
struct ImportCase: Sendable, CustomTestStringConvertible {
    let name: String
    let message: String
    let change: @Sendable (SandboxJSON) -> SandboxJSON

    var testDescription: String { name }

    static func body(_ name: String, _ change: @escaping @Sendable (SandboxJSON) -> SandboxJSON) -> ImportCase {
        ImportCase(name: name, message: "Invalid value for: body", change: change)
    }

    static func set(_ name: String, _ path: [String], _ value: SandboxJSON?, message: String = "Invalid value for: body") -> ImportCase {
        ImportCase(name: name, message: message) { $0.setting(path, to: value) }
    }
}

@Suite("Conversation import validation")
struct ImportValidationTests {
    static let unknownID = SandboxJSON.string("7d5b0c4e-4a44-4f4e-9a8e-0123456789ab")

    static let invalidBodyCases: [ImportCase] = [
        // Required fields.
        .set("genericChannelName missing", ["genericChannelName"], nil),
        .set("requesterId missing", ["requesterId"], nil),
        .set("direction missing", ["direction"], nil),
        .set("createdAt missing", ["createdAt"], nil),
        .set("requesterId null", ["requesterId"], .null),
        .set("message content missing", ["messages", "0", "content"], nil),
        .set("message createdAt missing", ["messages", "0", "createdAt"], nil),
        .set("outbound agentId missing", ["messages", "1", "agentId"], nil),
        .set("content value missing", ["messages", "0", "content", "value"], nil),
        .set("assignment agentId missing", ["assignment", "agentId"], nil),
        .set("assignment assignedAt missing", ["assignment", "assignedAt"], nil),
        .set("closing closedBy missing", ["closing"], .object(["closedAt": .string("2021-12-01T15:00:00Z")])),
        .set("closing closedAt missing", ["closing"], .object(["closedBy": .string(ImportExamples.bot)])),
        .set("attachment url missing", ["messages", "0", "attachments"], .array([.object(["prettyName": .string("a.png")])])),
        // Discriminators.
        .set("message _type Inbound (not InboundImport)", ["messages", "0", "_type"], .string("Inbound")),
        .set("message _type missing", ["messages", "0", "_type"], nil),
        .set("content _type PlainText", ["messages", "0", "content", "_type"], .string("PlainText")),
        .set("content _type missing", ["messages", "0", "content", "_type"], nil),
        .set("top-level _type wrong", ["_type"], .string("ChatConversation")),
        .set("direction Internal", ["direction"], .string("Internal")),
        .set("direction lower-case", ["direction"], .string("inbound")),
        .set("requesterConnectionStatus unknown", ["requesterConnectionStatus"], .string("Online")),
        // Ids and timestamps.
        .set("requesterId not a UUID", ["requesterId"], .string("customer-42")),
        .set("assignment agentId not a UUID", ["assignment", "agentId"], .string("bot")),
        .set("outbound agentId not a UUID", ["messages", "1", "agentId"], .string("1234")),
        .set("createdAt with a space", ["createdAt"], .string("2021-12-01 11:00:00")),
        .set("createdAt with a zone suffix", ["createdAt"], .string("2021-12-01T11:00:00.001Z[GMT]")),
        .set("createdAt without zone", ["createdAt"], .string("2021-12-01T11:00:00")),
        .set("createdAt as epoch number", ["createdAt"], .number(1_638_356_400)),
        .set("createdAt month 13", ["createdAt"], .string("2021-13-01T11:00:00Z")),
        .set("createdAt 30 February", ["createdAt"], .string("2021-02-30T11:00:00Z")),
        .set("message createdAt as date only", ["messages", "0", "createdAt"], .string("2021-12-01")),
        // Unknown fields and wrong types.
        .set("top-level subject (not in the schema)", ["subject"], .string("Hello")),
        .set("top-level agentId (not in the schema)", ["agentId"], .string(ImportExamples.bot)),
        .set("message author field", ["messages", "0", "author"], .string("customer")),
        .set("inbound message with agentId", ["messages", "0", "agentId"], .string(ImportExamples.bot)),
        .set("messages as an object", ["messages"], .object([:])),
        .set("content as a string", ["messages", "0", "content"], .string("Hi")),
        .set("content value as a number", ["messages", "0", "content", "value"], .number(1)),
        .set("externalId as a number", ["externalId"], .number(42)),
        .set("attributes as a string", ["attributes"], .string("x")),
        .body("body is an array") { .array([$0]) },
    ]

    @Test("shape errors answer 400 Invalid value for: body", arguments: invalidBodyCases)
    func invalidBody(_ testCase: ImportCase) async throws {
        try await expectImport(testCase)
    }

    @Test("a body that is not JSON answers 400 Invalid value for: body")
    func notJSON() async throws {
        try await withSandbox { client throws in
            for body in ["", "{", "genericChannelName=genericapimessaging"] {
                let response = try await client.send(.POST, "/v1/conversations/import", body: body)
                #expect(response.status == 400)
                #expect(response.message == "Invalid value for: body")
            }
        }
    }

    static let semanticCases: [ImportCase] = [
        .set("channel widgetchat", ["genericChannelName"], .string("widgetchat"), message: "Unsupported ConversationChannel"),
        .set("channel Email (wrong case)", ["genericChannelName"], .string("Email"), message: "Unsupported ConversationChannel"),
        .set("unknown requester", ["requesterId"], unknownID, message: "Requester does not exist"),
        .set("unknown assignment agent", ["assignment", "agentId"], unknownID, message: "Agent does not exist"),
        .set("unknown outbound agent", ["messages", "1", "agentId"], unknownID, message: "Agent does not exist"),
        .set(
            "unknown closing agent",
            ["closing"],
            .object(["closedAt": .string("2021-12-01T15:00:00Z"), "closedBy": unknownID]),
            message: "Agent does not exist"
        ),
        .set("empty message", ["messages", "0", "content", "value"], .string(""), message: "Invalid input for Message"),
        .set("blank message", ["messages", "1", "content", "value"], .string("  \n"), message: "Invalid input for Message"),
    ]

    @Test("semantic errors answer 400 with Dixa's message", arguments: semanticCases)
    func semantic(_ testCase: ImportCase) async throws {
        try await expectImport(testCase)
    }

    @Test("a refused import creates nothing and is still recorded with its status")
    func refusedImportLeavesNoTrace() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let body = ImportExamples.genericAPIMessaging(requesterId: requester).setting(["requesterId"], to: Self.unknownID)
            #expect(try await client.send(.POST, "/v1/conversations/import", json: body).status == 400)
            #expect(try await client.conversationRecords().isEmpty)
            let last = try #require(try await client.recordedRequests().last)
            #expect(last.status == 400)
            #expect(last.body == body)
        }
    }

    private func expectImport(_ testCase: ImportCase) async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let base = ImportExamples.genericAPIMessaging(requesterId: requester)
            let control = try await client.send(.POST, "/v1/conversations/import", json: base)
            #expect(control.status == 201, "the unchanged example must import")
            let response = try await client.send(.POST, "/v1/conversations/import", json: testCase.change(base))
            #expect(response.status == 400)
            #expect(response.message == testCase.message)
            #expect(response.json.objectValue?.keys.sorted() == ["message"], "errors are exactly {\"message\": ...}")
        }
    }
}
