import DixaSandbox
import Foundation
import Testing

/// Only lower bounds are asserted: how much longer an answer takes depends on the machine.
@Suite("Latency")
struct LatencyTests {
    @Test("with a latency, no /v1 answer comes sooner than its minimum")
    func configuredLatency() async throws {
        try await withSandbox(SandboxConfiguration(latency: 150...200)) { client throws in
            for (path, expected) in [("/v1/queues", 200), ("/v1/endusers?email=ann%40example.com", 200), ("/v1/nothing-here", 404)] {
                var status = 0
                let elapsed = try await Self.elapsed { status = try await client.send(.GET, path).status }
                #expect(status == expected, "\(path)")
                #expect(elapsed >= .milliseconds(150), "\(path) answered after \(elapsed)")
            }
            var status = 0
            let unauthorized = try await Self.elapsed { status = try await client.send(.GET, "/v1/queues", authorization: nil).status }
            #expect(status == 401)
            #expect(unauthorized >= .milliseconds(150), "refusals wait too")
        }
    }

    @Test("the latency can be set at run time, over HTTP or in Swift, and reset restores the configured one")
    func runtimeLatency() async throws {
        try await withSandbox(SandboxConfiguration(latency: 100...100)) { client throws in
            #expect(try await client.send(.DELETE, "/_sandbox/latency", authorization: nil).status == 204)
            let body = #"{"minMilliseconds":120,"maxMilliseconds":160}"#
            #expect(try await client.send(.POST, "/_sandbox/latency", body: body, authorization: nil).status == 200)
            #expect(try await Self.elapsed { _ = try await client.send(.GET, "/v1/queues") } >= .milliseconds(120))

            await client.sandbox.setLatency(130...130)
            #expect(try await Self.elapsed { _ = try await client.send(.GET, "/v1/queues") } >= .milliseconds(130))

            await client.sandbox.setLatency(nil)
            #expect(try await client.send(.POST, "/_sandbox/reset", authorization: nil).status == 204)
            #expect(try await Self.elapsed { _ = try await client.send(.GET, "/v1/queues") } >= .milliseconds(100))

            for bad in [#"{"minMilliseconds":-1,"maxMilliseconds":5}"#, #"{"minMilliseconds":9,"maxMilliseconds":5}"#, #"{"min":1}"#] {
                let response = try await client.send(.POST, "/_sandbox/latency", body: bad, authorization: nil)
                #expect(response.status == 400, "\(bad)")
            }
        }
    }

    @Test("--latency-ms text: MIN-MAX or one number, never negative or backwards")
    func parsing() {
        #expect(SandboxConfiguration.latency(parsing: "50-150") == 50...150)
        #expect(SandboxConfiguration.latency(parsing: "80") == 80...80)
        #expect(SandboxConfiguration.latency(parsing: "0-0") == 0...0)
        for bad in ["", "-", "150-50", "-5", "5-", "a-b", "1-2-3", "5--6"] {
            #expect(SandboxConfiguration.latency(parsing: bad) == nil, "\(bad)")
        }
        #expect(throws: SandboxConfigurationError.self) { try SandboxConfiguration(latency: -5...10).validate() }
    }

    private static func elapsed(_ body: () async throws -> Void) async rethrows -> Duration {
        let start = ContinuousClock.now
        try await body()
        return ContinuousClock.now - start
    }
}
