import AsyncHTTPClient
import DixaAPI
import DixaSandbox
import Foundation
import Importer
import NIOFoundationCompat
import Outbox
import TestSupport
import Testing

@Suite("End to end: outbox → worker → Dixa")
struct HappyPathTests {
    @Test("a closed transcript reaches Dixa in the exact shape of the OpenAPI file")
    func exactImportBody() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue(
                "bot-session-8f3a",
                """
                {"requester":{"email":" Ann@Example.com ","displayName":"Ann"},
                 "messages":[
                   {"from":"user","text":"Where is my order?","at":"2026-11-24T10:00:00Z","id":"u1"},
                   {"from":"bot","text":"**On its way.**","format":"markdown","at":"2026-11-24T11:00:05.250+01:00",
                    "attachments":[{"url":"https://example.com/track.png","name":"tracking"}]},
                   {"from":"user","text":"<b>Thanks</b>","format":"html","at":"2026-11-24T10:00:09Z"}]}
                """
            )
            let summary = try await env.worker().drain()
            #expect(summary.imported == 1)
            #expect(summary.dead == 0)

            let conversations = await env.sandbox.conversations()
            try #require(conversations.count == 1)
            let requester = try #require(await env.sandbox.endUsers().first { $0.email == "ann@example.com" })
            let bot = SandboxSeed.botAgentID.dixaString
            let expected = """
                {"_type":"GenericConversationImport","genericChannelName":"genericapimessaging","requesterId":"\(requester.id)",
                 "requesterConnectionStatus":"Disconnected","direction":"Inbound","createdAt":"2026-11-24T10:00:00.000Z",
                 "externalId":"bot-session-8f3a",
                 "assignment":{"agentId":"\(bot)","assignedAt":"2026-11-24T10:00:00.000Z"},
                 "closing":{"closedAt":"2026-11-24T10:00:09.000Z","closedBy":"\(bot)"},
                 "messages":[
                   {"_type":"InboundImport","content":{"_type":"Text","value":"Where is my order?"},"attachments":[],
                    "externalId":"u1","createdAt":"2026-11-24T10:00:00.000Z"},
                   {"_type":"OutboundImport","agentId":"\(bot)","content":{"_type":"Markdown","value":"**On its way.**"},
                    "attachments":[{"url":"https://example.com/track.png","prettyName":"tracking"}],"createdAt":"2026-11-24T10:00:05.250Z"},
                   {"_type":"InboundImport","content":{"_type":"Html","value":"<b>Thanks</b>"},"attachments":[],
                    "createdAt":"2026-11-24T10:00:09.000Z"}]}
                """
            #expect(try JSONValue(conversations[0].rawRequest) == JSONValue(expected))

            let row = try await env.row("bot-session-8f3a")
            #expect(row.state == "imported")
            #expect(row.attempts == 1)
            #expect(row.conversationID == conversations[0].id)
            #expect(row.requesterID?.dixaString == requester.id)
            #expect(row.leaseCleared && row.hasImportedAt)

            // GET endusers?email (no match), POST endusers, POST import: and nothing else.
            let calls = await env.requests().map { "\($0.method) \($0.path)" }
            #expect(calls == ["GET /v1/endusers", "POST /v1/endusers", "POST /v1/conversations/import"])
            #expect(await env.requests("GET", "/v1/endusers").first?.query == "email=ann%40example.com")
            #expect(try await env.count("SELECT dixa_calls FROM dixa_outbox_attempts") == 3)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE outcome = 'imported'") == 1)
            #expect(await env.requests().allSatisfy { $0.authorizationScheme == "raw" })
        }
    }

    @Test("createdAt and closedAt come from startedAt and endedAt when the transcript gives them")
    func explicitTimes() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue(
                "times",
                """
                {"requester":{"phone":"+4520000001"},"startedAt":"2026-11-24T09:59:00+02:00","endedAt":"2026-11-24T08:05:00Z",
                 "messages":[{"from":"user","text":"Hi","at":"2026-11-24T08:00:00Z"}]}
                """
            )
            try await env.worker().drain()
            let request = try #require(await env.sandbox.conversations().first?.request)
            #expect(request["createdAt"]?.stringValue == "2026-11-24T07:59:00.000Z")
            #expect(request["closing"]?["closedAt"]?.stringValue == "2026-11-24T08:05:00.000Z")
        }
    }

    @Test("the sandbox's HTTP inspection endpoint shows what the worker sent")
    func inspectionOverHTTP() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("inspect-1", Transcripts.simple())
            try await env.worker().drain()
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: env.baseURL + "/_sandbox/conversations"), timeout: .seconds(5))
            let body = try await response.body.collect(upTo: 1 << 20)
            let records = try JSONDecoder().decode([SandboxConversationRecord].self, from: Data(buffer: body))
            #expect(records.map(\.externalId) == ["inspect-1"])
            #expect(records.first?.state == "Closed")
        }
    }
}

/// JSON compared by value, whatever the key order or whitespace.
struct JSONValue: Equatable, CustomStringConvertible {
    let object: NSObject
    init(_ text: String) throws {
        object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as! NSObject
    }
    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.object.isEqual(rhs.object) }
    var description: String {
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }
}
