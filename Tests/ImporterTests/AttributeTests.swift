import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Outbox
import TestSupport
import Testing

@Suite("Custom attributes")
struct AttributeTests {
    @Test("identifiers and ids are resolved and PATCHed by attribute id")
    func patchByID() async throws {
        try await TestEnvironment.with { env in
            let attributes = #"{"order_id":"A-1001","\#(SandboxSeed.contactReasonAttributeID.dixaString)":["billing"]}"#
            try await env.enqueue("attrs", Transcripts.simple(attributes: attributes))
            try await env.worker().drain()
            let patch = try #require(await env.requests("PATCH").first)
            #expect(patch.path.hasSuffix("/custom-attributes"))
            let expected =
                #"{"\#(SandboxSeed.orderIDAttributeID.dixaString)":"A-1001","\#(SandboxSeed.contactReasonAttributeID.dixaString)":["billing"]}"#
            #expect(try JSONValue(patch.rawBody ?? "") == JSONValue(expected))
            let row = try await env.row("attrs")
            #expect(row.state == "imported" && row.attributesDone)
            #expect(try await env.store.partialErrors().isEmpty)
        }
    }

    @Test("an unknown identifier is a partial error; the rest is applied and the row completes")
    func unknownIdentifier() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("unknown", Transcripts.simple(attributes: #"{"order_id":"A-1","warranty":"gold"}"#))
            try await env.worker().drain()
            #expect(try await env.row("unknown").state == "imported")
            let errors = try await env.store.partialErrors()
            #expect(errors.map(\.source) == ["attributes"])
            #expect(errors.first?.message.contains("\"warranty\" does not exist") == true)
            let conversation = try #require(await env.sandbox.conversations().first)
            #expect(conversation.customAttributes[SandboxSeed.orderIDAttributeID.dixaString] == .text("A-1"))
        }
    }

    @Test("a value Dixa refuses costs only that attribute")
    func refusedValue() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("refused", Transcripts.simple(attributes: #"{"order_id":"A-2","contact_reason":["no_such_option"]}"#))
            try await env.worker().drain()
            #expect(try await env.row("refused").state == "imported")
            let errors = try await env.store.partialErrors()
            #expect(errors.count == 1)
            #expect(errors.first?.message.contains("\"contact_reason\" was refused by Dixa") == true)
            let conversation = try #require(await env.sandbox.conversations().first)
            #expect(conversation.customAttributes[SandboxSeed.orderIDAttributeID.dixaString] == .text("A-2"))
        }
    }

    @Test("no attributes: no PATCH and no definition lookup; definitions are fetched once per process")
    func noAttributesNoCalls() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("plain", Transcripts.simple())
            for index in 0..<3 {
                try await env.enqueue("with-\(index)", Transcripts.simple(email: "w\(index)@example.com", attributes: #"{"order_id":"X"}"#))
            }
            let worker = env.worker()
            try await worker.drain()
            #expect(await env.requests("PATCH").count == 3)
            #expect(await env.requests("GET", "/v1/custom-attributes").count == 1)
            let plainConversation = try await env.row("plain").conversationID
            #expect(await env.requests("PATCH").allSatisfy { !$0.path.contains("/\(plainConversation ?? -1)/") })
        }
    }
}
