import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Outbox
import TestSupport
import Testing

@Suite("Resolving the requester")
struct RequesterTests {
    @Test("a cached requester costs no lookup")
    func cachedRequester() async throws {
        try await TestEnvironment.with { env in
            let existing = try await env.dixaClient().createEndUser(CreateEndUserInput(email: "ann@example.com"))
            try await env.store.cacheEndUser(existing.id, for: [EndUserIdentity(.email, "ann@example.com")!])
            try await env.enqueue("cached", Transcripts.simple(email: "  ANN@example.com"))
            try await env.worker().drain()
            #expect(await env.requests("GET", "/v1/endusers").isEmpty)
            #expect(await env.requests("POST", "/v1/endusers").count == 1)  // the test's own
            #expect(try await env.row("cached").requesterID == existing.id)
        }
    }

    @Test("lookups go email, then phone, then externalId, and stop at the first match")
    func lookupOrder() async throws {
        try await TestEnvironment.with { env in
            let byPhone = try await env.dixaClient().createEndUser(CreateEndUserInput(phoneNumber: "+4511223344"))
            try await env.enqueue(
                "by-phone",
                Transcripts.simple(email: "new@example.com", extraRequester: #","phone":" +4511223344 ","externalId":"crm-9""#)
            )
            try await env.worker().drain()
            let lookups = await env.requests("GET", "/v1/endusers").map { $0.query ?? "" }
            #expect(lookups == ["email=new%40example.com", "phone=%2B4511223344"])
            #expect(await env.requests("POST", "/v1/endusers").count == 1)  // only the test's own
            #expect(try await env.row("by-phone").requesterID == byPhone.id)
            // Every identity of the transcript now points to the requester found.
            #expect(try await env.store.cachedEndUser(for: [EndUserIdentity(.externalId, "crm-9")!]) == byPhone.id)
            #expect(try await env.store.cachedEndUser(for: [EndUserIdentity(.email, "NEW@example.com")!]) == byPhone.id)
        }
    }

    @Test("only when nothing matches is an end user created, with everything known")
    func createWhenUnknown() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue(
                "new-user",
                Transcripts.simple(email: "Zoe@Example.com", extraRequester: #","phone":"+4599","firstName":"Zoe","lastName":"Li""#)
            )
            try await env.worker().drain()
            #expect(await env.requests("GET", "/v1/endusers").count == 2)
            let created = try #require(await env.requests("POST", "/v1/endusers").first)
            #expect(
                try JSONValue(created.rawBody ?? "")
                    == JSONValue(#"{"displayName":"Zoe Li","email":"zoe@example.com","phoneNumber":"+4599","firstName":"Zoe","lastName":"Li"}"#)
            )
            #expect(try await env.row("new-user").state == "imported")
        }
    }

    @Test("two rows of one new requester create one end user, even when processed at once")
    func noDuplicateEndUsers() async throws {
        try await TestEnvironment.with { env in
            for index in 0..<6 {
                try await env.enqueue("same-\(index)", Transcripts.simple(email: "same@example.com"))
            }
            let summary = try await env.worker().drain()
            #expect(summary.imported == 6)
            #expect(await env.requests("POST", "/v1/endusers").count == 1)
            #expect(await env.sandbox.endUsers().filter { $0.email == "same@example.com" }.count == 1)
        }
    }

    @Test("a stale cached requester (400 Requester does not exist) is resolved again and the row imports")
    func staleRequester() async throws {
        try await TestEnvironment.with { env in
            let ghost = UUID()
            try await env.store.cacheEndUser(ghost, for: [EndUserIdentity(.email, "ann@example.com")!])
            try await env.enqueue("stale", Transcripts.simple())
            let summary = try await env.worker().drain()
            #expect(summary.imported == 1)
            let row = try await env.row("stale")
            #expect(row.state == "imported" && row.attempts == 1)
            #expect(row.requesterID != ghost && row.requesterID != nil)
            #expect(await env.requests("POST", "/v1/conversations/import").map(\.status) == [400, 201])
            #expect(try await env.store.cachedEndUser(for: [EndUserIdentity(.email, "ann@example.com")!]) == row.requesterID)
        }
    }
}
