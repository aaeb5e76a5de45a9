import DixaSandbox
import Foundation
import Testing

@Suite("Request log")
struct RecorderTests {
    @Test("every /v1 request is recorded in order with its status, and the token never appears")
    func recordsWithoutToken() async throws {
        let secret = "tok-SECRET-8d1f"
        let wrong = "wrong-SECRET-77aa"
        try await withSandbox(SandboxConfiguration(seed: SandboxSeed(tokens: [secret]))) { client throws in
            _ = try await client.send(.GET, "/v1/endusers?email=ann@example.com", authorization: secret)
            _ = try await client.send(.POST, "/v1/endusers", body: #"{"email":"ann@example.com"}"#, authorization: "Bearer \(secret)")
            _ = try await client.send(.GET, "/v1/queues", authorization: wrong)
            _ = try await client.send(.GET, "/v1/queues", authorization: nil)
            _ = try await client.send(.GET, "/_sandbox/endusers", authorization: secret)

            let raw = try await client.send(.GET, "/_sandbox/requests", authorization: nil).text
            #expect(!raw.contains(secret))
            #expect(!raw.contains(wrong))
            #expect(!raw.contains("SECRET"))

            let records = try await client.recordedRequests()
            #expect(records.map(\.sequence) == [1, 2, 3, 4], "admin requests are not recorded")
            #expect(records.map(\.status) == [200, 201, 401, 401])
            #expect(records.map(\.path) == ["/v1/endusers", "/v1/endusers", "/v1/queues", "/v1/queues"])
            #expect(records[0].query == "email=ann@example.com")
            #expect(records[1].body == .object(["email": .string("ann@example.com")]))
            #expect(records[1].rawBody == #"{"email":"ann@example.com"}"#)
            #expect(records[0].body == nil)
            #expect(records.map(\.authorizationScheme) == ["raw", "bearer", "raw", nil])

            #expect(try await client.send(.DELETE, "/_sandbox/requests", authorization: nil).status == 204)
            #expect(try await client.recordedRequests().isEmpty)
            _ = try await client.send(.GET, "/v1/queues")
            #expect(await client.sandbox.recordedRequests().map(\.sequence) == [5], "sequence numbers go on after a clear")
        }
    }

    @Test("reset clears conversations, requests and faults")
    func reset() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            _ = try await client.importConversation(requesterId: requester)
            await client.sandbox.setFaults([SandboxFaultRule(path: "/v1/queues", status: 500)])
            #expect(try await client.send(.POST, "/_sandbox/reset", authorization: nil).status == 204)
            #expect(try await client.conversationRecords().isEmpty)
            #expect(try await client.recordedRequests().isEmpty)
            #expect(try await client.send(.GET, "/v1/queues").status == 200)
            #expect(try await client.send(.GET, "/v1/endusers/\(requester)").status == 404)
        }
    }
}
