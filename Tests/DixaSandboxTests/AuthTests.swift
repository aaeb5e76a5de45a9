import DixaSandbox
import Testing

@Suite("Authentication")
struct AuthTests {
    static let unauthorized = "User is unauthorized to perform an underlying operation"

    @Test("a request without Authorization is refused with 401")
    func missingToken() async throws {
        try await withSandbox { client throws in
            let response = try await client.send(.GET, "/v1/queues", authorization: nil)
            #expect(response.status == 401)
            #expect(response.message == Self.unauthorized)
        }
    }

    @Test("an unknown token is refused with 401, raw or Bearer")
    func wrongToken() async throws {
        try await withSandbox { client throws in
            for header in ["not-the-token", "Bearer not-the-token", "sandbox-token-but-longer", ""] {
                let response = try await client.send(.GET, "/v1/queues", authorization: header)
                #expect(response.status == 401, "header \(header)")
                #expect(response.message == Self.unauthorized)
            }
        }
    }

    @Test("the token is accepted raw (as Dixa documents) and with a Bearer prefix")
    func rawAndBearerAccepted() async throws {
        try await withSandbox { client throws in
            for header in ["sandbox-token", "Bearer sandbox-token", "bearer sandbox-token"] {
                let response = try await client.send(.GET, "/v1/queues", authorization: header)
                #expect(response.status == 200, "header \(header)")
            }
            let schemes = try await client.recordedRequests().map(\.authorizationScheme)
            #expect(schemes == ["raw", "bearer", "bearer"])
        }
    }

    @Test("tokens come from the seed, and only those are accepted")
    func seededTokens() async throws {
        let seed = SandboxSeed(tokens: ["alpha", "beta"])
        try await withSandbox(SandboxConfiguration(seed: seed)) { client throws in
            #expect(try await client.send(.GET, "/v1/queues", authorization: "beta").status == 200)
            #expect(try await client.send(.GET, "/v1/queues", authorization: "sandbox-token").status == 401)
        }
    }

    @Test("an unknown /v1 route is a 404 in Dixa's error shape")
    func unknownRoute() async throws {
        try await withSandbox { client throws in
            for (method, path) in [("GET", "/v1/nothing-here"), ("DELETE", "/v1/queues"), ("GET", "/elsewhere")] {
                let response = try await client.send(.init(rawValue: method), path)
                #expect(response.status == 404, "\(method) \(path)")
                #expect(response.message == "The requested resource could not be found")
            }
        }
    }
}
