import DixaAPI
import DixaSandbox
import Foundation
import TestSupport
import Testing

@Suite("DixaError: what an answer means, read once")
struct DixaErrorTests {
    static let endpoint = "POST /v1/conversations/import"

    static func http(_ status: Int, _ message: String) -> DixaError {
        DixaError(code: .http, endpoint: endpoint, status: status, message: message)
    }

    @Test("Dixa's known messages are matched exactly, once, and only on HTTP answers")
    func knownMessages() {
        #expect(Self.http(400, "Agent does not exist").knownMessage == .agentDoesNotExist)
        #expect(Self.http(400, "Requester does not exist").knownMessage == .requesterDoesNotExist)
        #expect(Self.http(400, "Queue does not exist").knownMessage == .queueDoesNotExist)
        #expect(Self.http(400, "Unsupported ConversationChannel").knownMessage == .unsupportedChannel)
        #expect(Self.http(400, "agent does not exist").knownMessage == nil)
        #expect(DixaError(code: .transport, endpoint: Self.endpoint, message: "Agent does not exist").knownMessage == nil)
        #expect(DixaMessage.agentDoesNotExist.description == "Agent does not exist")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let error: DixaError
        let errorClass: DixaErrorClass
        var testDescription: String { "\(error.status.map(String.init) ?? "\(error.code)") \(error.message) → \(errorClass)" }
    }

    static let cases: [Case] = [
        Case(error: http(429, "Too many requests"), errorClass: .rateLimited),
        Case(error: http(401, "Unauthorized"), errorClass: .configuration),
        Case(error: http(403, "Forbidden"), errorClass: .configuration),
        Case(error: http(404, "Not found"), errorClass: .notFound),
        Case(error: http(400, "Requester does not exist"), errorClass: .staleRequester),
        Case(error: http(400, "Agent does not exist"), errorClass: .configuration),
        Case(error: http(400, "Unsupported ConversationChannel"), errorClass: .configuration),
        Case(error: http(400, "Queue does not exist"), errorClass: .configuration),
        Case(error: http(400, "Invalid value for: body"), errorClass: .badRequest),
        Case(error: http(422, "Unprocessable"), errorClass: .badRequest),
        Case(error: http(500, "boom"), errorClass: .transient),
        Case(error: http(503, "unavailable"), errorClass: .transient),
        Case(error: DixaError(code: .timeout, endpoint: endpoint, message: "no answer"), errorClass: .transient),
        Case(error: DixaError(code: .transport, endpoint: endpoint, message: "reset"), errorClass: .transient),
        Case(error: DixaError(code: .invalidResponse, endpoint: endpoint, status: 201, message: "not JSON"), errorClass: .transient),
    ]

    @Test("class of an answer", arguments: cases)
    func errorClass(_ testCase: Case) {
        #expect(testCase.error.errorClass == testCase.errorClass)
    }

    @Test("a person reads what Dixa said, with the endpoint and the status")
    func answer() {
        #expect(Self.http(400, "Agent does not exist").answer == "POST /v1/conversations/import answered HTTP 400 Agent does not exist")
        #expect(DixaError(code: .timeout, endpoint: Self.endpoint, message: "no answer").answer == "POST /v1/conversations/import answered no answer")
    }

    @Test("over real HTTP: Dixa's status, message and Retry-After reach the caller, with the path's id templated")
    func fromTheWire() async throws {
        try await TestEnvironment.with { env in
            let client = env.dixaClient()
            let id = UUID()
            for (status, message, errorClass) in [(429, "Too many requests", DixaErrorClass.rateLimited), (503, "down for a moment", .transient)] {
                await env.sandbox.setFaults([
                    SandboxFaultRule(
                        method: "GET",
                        path: "/v1/endusers/",
                        times: 1,
                        status: status,
                        message: message,
                        retryAfterSeconds: status == 429 ? 7 : nil
                    )
                ])
                do {
                    _ = try await client.conversations(ofEndUser: id)
                    Issue.record("HTTP \(status) did not throw")
                } catch let error as DixaError {
                    #expect(error.code == .http && error.status == status && error.message == message)
                    #expect(error.errorClass == errorClass)
                    #expect(error.endpoint == "GET /v1/endusers/{id}/conversations")
                    #expect(error.retryAfterSeconds == (status == 429 ? 7 : nil))
                }
            }
            let badToken = env.dixaClient(token: "not-the-token")
            await #expect(throws: DixaError.self) { _ = try await badToken.customAttributeDefinitions() }
            do {
                _ = try await badToken.customAttributeDefinitions()
            } catch let error as DixaError {
                #expect(error.status == 401 && error.errorClass == .configuration)
            }
        }
    }
}
