import DixaSandbox
import Foundation
import Testing

@Suite("Fault rules")
struct FaultTests {
    static func rules(_ rules: [SandboxFaultRule]) -> String {
        let data = try! JSONEncoder().encode(SandboxFaultRules(rules: rules))
        return String(decoding: data, as: UTF8.self)
    }

    @Test("a 500 once, then the import succeeds")
    func failOnceThenSucceed() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let rule = SandboxFaultRule(method: "POST", path: "/v1/conversations/import", times: 1, status: 500, message: "Boom")
            #expect(try await client.send(.POST, "/_sandbox/faults", body: Self.rules([rule]), authorization: nil).status == 200)

            let body = ImportExamples.genericAPIMessaging(requesterId: requester)
            let failed = try await client.send(.POST, "/v1/conversations/import", json: body)
            #expect(failed.status == 500)
            #expect(failed.message == "Boom")
            let retried = try await client.send(.POST, "/v1/conversations/import", json: body)
            #expect(retried.status == 201)
            #expect(try await client.conversationRecords().count == 1, "the failed attempt stored nothing")
            #expect(try await client.recordedRequests().suffix(2).map(\.status) == [500, 201])
        }
    }

    @Test("a 429 with Retry-After, matched by method and path prefix only")
    func tooManyWithRetryAfter() async throws {
        try await withSandbox { client throws in
            await client.sandbox.setFaults([SandboxFaultRule(method: "get", path: "/v1/queues", status: 429, retryAfterSeconds: 7)])
            let limited = try await client.send(.GET, "/v1/queues/\(SandboxSeed.supportQueueID.uuidString)")
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "Retry-After") == "7")
            #expect(limited.message == "Too Many Requests")
            #expect(try await client.send(.GET, "/v1/custom-attributes").status == 200, "other paths are untouched")
            #expect(try await client.send(.POST, "/v1/queues", body: "{}").status == 404, "other methods are untouched")
        }
    }

    @Test("a delay holds the response back, then it is answered normally")
    func delay() async throws {
        try await withSandbox { client throws in
            await client.sandbox.setFaults([SandboxFaultRule(path: "/v1/queues", times: 1, delayMilliseconds: 400)])
            let clock = ContinuousClock()
            var response: SandboxResponse?
            let slow = try await clock.measure { response = try await client.send(.GET, "/v1/queues") }
            #expect(response?.status == 200)
            // A lower bound only: the delay guarantees it, whatever the machine's load. (That `times: 1` applies
            // once is shown by the status rules above, without a clock.)
            #expect(slow >= .milliseconds(400))
        }
    }

    @Test("partialErrors are added to a successful import")
    func partialErrors() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let rule = SandboxFaultRule(path: "/v1/conversations/import", partialErrors: ["The conversation could not be assigned"])
            #expect(try await client.send(.POST, "/_sandbox/faults", body: Self.rules([rule]), authorization: nil).status == 200)
            let response = try await client.send(.POST, "/v1/conversations/import", json: ImportExamples.genericAPIMessaging(requesterId: requester))
            #expect(response.status == 201)
            #expect(response.json["data"]?["partialErrors"] == .array([.object(["message": .string("The conversation could not be assigned")])]))
        }
    }

    @Test("rate 0 never fires, DELETE clears, and bad rules are refused")
    func rateClearAndValidation() async throws {
        try await withSandbox { client throws in
            await client.sandbox.setFaults([SandboxFaultRule(rate: 0, status: 503)])
            #expect(try await client.send(.GET, "/v1/queues").status == 200)

            await client.sandbox.setFaults([SandboxFaultRule(status: 503)])
            let unavailable = try await client.send(.GET, "/v1/queues")
            #expect(unavailable.status == 503)
            #expect(unavailable.message == "There was an internal server error while processing the request")
            #expect(try await client.send(.DELETE, "/_sandbox/faults", authorization: nil).status == 204)
            #expect(try await client.send(.GET, "/v1/queues").status == 200)

            for body in [#"{"rules":[{"path":"/v1"}]}"#, #"{"rules":[{"status":500,"rate":2}]}"#, #"{"rules":[{"status":"500"}]}"#, "nope"] {
                let refused = try await client.send(.POST, "/_sandbox/faults", body: body, authorization: nil)
                #expect(refused.status == 400, "\(body)")
                #expect(refused.message != nil)
            }
        }
    }

    @Test("a fault fires before authentication, so it works even for a client with a bad token")
    func beforeAuth() async throws {
        try await withSandbox { client throws in
            await client.sandbox.setFaults([SandboxFaultRule(times: 1, status: 502, message: "Bad gateway")])
            #expect(try await client.send(.GET, "/v1/queues", authorization: "wrong").status == 502)
            #expect(try await client.send(.GET, "/v1/queues", authorization: "wrong").status == 401)
        }
    }
}
