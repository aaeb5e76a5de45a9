import DixaSandbox
import Foundation
import Testing

@Suite("Rate limit")
struct RateLimitTests {
    @Test("beyond the burst, 429 Too Many Requests with Retry-After")
    func beyondBurst() async throws {
        // Slow enough that no token comes back during the five requests, however loaded the machine.
        let limit = SandboxRateLimit(requestsPerSecond: 0.05, burst: 3, sendRetryAfter: true)
        try await withSandbox(SandboxConfiguration(rateLimit: limit)) { client throws in
            var statuses: [Int] = []
            var last: SandboxResponse?
            for _ in 0..<5 {
                let response = try await client.send(.GET, "/v1/queues")
                statuses.append(response.status)
                last = response
            }
            #expect(statuses == [200, 200, 200, 429, 429])
            #expect(last?.message == "Too Many Requests")
            let retryAfter = try #require(last?.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect((1...20).contains(retryAfter))
        }
    }

    @Test("buckets are per token, and Retry-After can be switched off")
    func perTokenWithoutRetryAfter() async throws {
        let seed = SandboxSeed(tokens: ["first", "second"])
        let limit = SandboxRateLimit(requestsPerSecond: 0.05, burst: 1, sendRetryAfter: false)
        try await withSandbox(SandboxConfiguration(seed: seed, rateLimit: limit)) { client throws in
            #expect(try await client.send(.GET, "/v1/queues", authorization: "first").status == 200)
            let limited = try await client.send(.GET, "/v1/queues", authorization: "first")
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "Retry-After") == nil)
            #expect(try await client.send(.GET, "/v1/queues", authorization: "second").status == 200)
        }
    }

    @Test("the limit can be set and removed at run time through /_sandbox/rate-limit")
    func runtimeConfiguration() async throws {
        try await withSandbox { client throws in
            for _ in 0..<6 { #expect(try await client.send(.GET, "/v1/queues").status == 200, "off by default") }
            let body = #"{"requestsPerSecond":0.05,"burst":2,"sendRetryAfter":true}"#
            #expect(try await client.send(.POST, "/_sandbox/rate-limit", body: body, authorization: nil).status == 200)
            let statuses = try await (0..<3).asyncMap { _ in try await client.send(.GET, "/v1/queues").status }
            #expect(statuses == [200, 200, 429])
            #expect(try await client.send(.DELETE, "/_sandbox/rate-limit", authorization: nil).status == 204)
            #expect(try await client.send(.GET, "/v1/queues").status == 200)
            let bad = try await client.send(.POST, "/_sandbox/rate-limit", body: #"{"requestsPerSecond":0,"burst":1}"#, authorization: nil)
            #expect(bad.status == 400)
        }
    }

    @Test("tokens refill over time")
    func refill() async throws {
        let limit = SandboxRateLimit(requestsPerSecond: 20, burst: 1)
        try await withSandbox(SandboxConfiguration(rateLimit: limit)) { client throws in
            #expect(try await client.send(.GET, "/v1/queues").status == 200)
            try await Task.sleep(for: .milliseconds(120))
            #expect(try await client.send(.GET, "/v1/queues").status == 200)
        }
    }
}

extension Sequence {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

@Suite("Rate limit per organisation")
struct OrganizationRateLimitTests {
    @Test("each organisation's token has its own bucket: one spending its budget does not 429 another")
    func bucketsApart() async throws {
        // Slow enough that no token comes back during the test, however loaded the machine.
        let limit = SandboxRateLimit(requestsPerSecond: 0.05, burst: 2)
        let configuration = SandboxConfiguration(organizations: SandboxSeed.organizations(2), rateLimit: limit)
        try await withSandbox(configuration) { client throws in
            let a = TwoOrganizations.a.token
            let b = TwoOrganizations.b.token
            let spent = try await (0..<3).asyncMap { _ in try await client.send(.GET, "/v1/queues", authorization: a).status }
            #expect(spent == [200, 200, 429])
            let other = try await (0..<2).asyncMap { _ in try await client.send(.GET, "/v1/queues", authorization: b).status }
            #expect(other == [200, 200])
            #expect(try await client.send(.GET, "/v1/queues", authorization: b).status == 429)
        }
    }
}
