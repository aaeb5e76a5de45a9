import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Outbox
import TestSupport
import Testing

@Suite("What happens to a row when something fails")
struct FailureTests {
    static let importPath = "/v1/conversations/import"

    @Test("400 Agent does not exist halts: no attempt burned, no row dead, and the message says what to fix")
    func unknownAgentHalts() async throws {
        try await TestEnvironment.with { env in
            for index in 0..<3 { try await env.enqueue("agent-\(index)", Transcripts.simple(email: "u\(index)@example.com")) }
            let unknownAgent = UUID()
            let summary = try await env.worker(TestEnvironment.fastConfiguration(agent: unknownAgent)).drain()
            let halt = try #require(summary.halt)
            #expect(halt.cause.contains("Agent does not exist"))
            #expect(halt.remedy.contains("DIXA_AGENT_ID") && halt.remedy.contains(unknownAgent.dixaString))
            #expect(summary.imported == 0 && summary.dead == 0)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'pending' AND attempts = 0") == 3)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE outcome <> 'released'") == 0)
            #expect(env.logs.entries.filter { $0.level == .critical }.count == 1)
        }
    }

    @Test("400 Unsupported ConversationChannel halts without burning attempts")
    func unsupportedChannelHalts() async throws {
        try await TestEnvironment.with { env in
            await env.sandbox.setFaults([SandboxFaultRule(path: Self.importPath, status: 400, message: "Unsupported ConversationChannel")])
            try await env.enqueue("channel", Transcripts.simple())
            let summary = try await env.worker().drain()
            #expect(summary.halt?.remedy.contains("Generic API messaging") == true)
            let row = try await env.row("channel")
            #expect(row.state == "pending" && row.attempts == 0 && !row.importIntentSet)
        }
    }

    @Test("403 halts like 401: nothing dead, no attempt burned", arguments: [401, 403])
    func forbiddenHalts(status: Int) async throws {
        try await TestEnvironment.with { env in
            await env.sandbox.setFaults([SandboxFaultRule(method: "GET", path: "/v1/endusers", status: status, message: "Forbidden")])
            try await env.enqueue("forbidden", Transcripts.simple())
            let summary = try await env.worker().drain()
            #expect(summary.halt?.cause.contains("HTTP \(status)") == true)
            #expect(summary.dead == 0)
            let row = try await env.row("forbidden")
            #expect(row.state == "pending" && row.attempts == 0)
        }
    }

    @Test("401 (bad token) halts before anything is imported")
    func badTokenHalts() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("token", Transcripts.simple())
            let summary = try await env.worker(client: env.dixaClient(token: "wrong-token")).drain()
            #expect(summary.halt?.remedy.contains("DIXA_API_TOKEN") == true)
            #expect(try await env.row("token").attempts == 0)
            #expect(await env.sandbox.conversations().isEmpty)
        }
    }

    @Test("run resumes by itself once the configuration problem is gone")
    func runResumesAfterHalt() async throws {
        try await TestEnvironment.with { env in
            await env.sandbox.setFaults([SandboxFaultRule(path: Self.importPath, times: 1, status: 400, message: "Agent does not exist")])
            try await env.enqueue("resume", Transcripts.simple())
            let worker = env.worker()
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            for _ in 0..<400 where try await env.row("resume").state != "imported" {
                try await Task.sleep(for: .milliseconds(50))
            }
            let row = try await env.row("resume")
            #expect(row.state == "imported" && row.attempts == 1)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE outcome = 'released' AND error_code = 'configuration'") == 1)
        }
    }

    @Test("5xx retries with backoff and then imports; every attempt is logged")
    func transientThenSuccess() async throws {
        try await TestEnvironment.with { env in
            await env.sandbox.setFaults([SandboxFaultRule(path: Self.importPath, times: 2, status: 503, message: "Service Unavailable")])
            try await env.enqueue("flaky", Transcripts.simple())
            try await env.drainUntilSettled(env.worker())
            let row = try await env.row("flaky")
            #expect(row.state == "imported" && row.attempts == 3)
            #expect(
                try await env.count(
                    "SELECT count(*) FROM dixa_outbox_attempts WHERE outcome = 'retry' AND http_status = 503 AND error_code = 'server_error'"
                ) == 2
            )
            #expect(await env.sandbox.conversations().count == 1)
        }
    }

    @Test("a transient failure past max_attempts makes the row dead with the last error")
    func transientUntilDead() async throws {
        try await TestEnvironment.with { env in
            await env.sandbox.setFaults([SandboxFaultRule(path: Self.importPath, status: 500, message: "There was an internal server error")])
            try await env.enqueue("doomed", Transcripts.simple())
            try await env.drainUntilSettled(env.worker(TestEnvironment.fastConfiguration(maxAttempts: 3)))
            let row = try await env.row("doomed")
            #expect(row.state == "dead" && row.attempts == 3)
            #expect(row.lastErrorCode == "server_error")
            #expect(row.lastError?.contains("gave up after 3 attempts") == true)
            #expect(row.lastError?.contains("There was an internal server error") == true)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox_attempts") == 3)
        }
    }

    @Test("a timeout is transient: the row retries and the next attempt imports it once")
    func timeoutRetries() async throws {
        try await TestEnvironment.with { env in
            // Only the delayed answer can time out: an ordinary one would have to take 4 s, which not even a loaded
            // machine takes for a loopback request; the delay is five times the timeout.
            await env.sandbox.setFaults([SandboxFaultRule(method: "GET", path: "/v1/endusers", times: 1, delayMilliseconds: 20_000)])
            try await env.enqueue("slow", Transcripts.simple())
            try await env.drainUntilSettled(env.worker(client: env.dixaClient(timeout: .seconds(4))))
            #expect(try await env.row("slow").state == "imported")
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE error_code = 'timeout'") == 1)
        }
    }

    @Test("any other 400 makes the row dead at once with Dixa's message")
    func badRowDies() async throws {
        try await TestEnvironment.with { env in
            await env.sandbox.setFaults([SandboxFaultRule(path: Self.importPath, times: 1, status: 400, message: "Invalid input for Message")])
            // One at a time, so the one-shot fault meets the bad row and not its neighbour.
            try await env.enqueue("bad-row", Transcripts.simple())
            try await env.drainUntilSettled(env.worker())
            try await env.enqueue("good-row", Transcripts.simple(email: "other@example.com"))
            try await env.drainUntilSettled(env.worker())
            let bad = try await env.row("bad-row")
            let good = try await env.row("good-row")
            #expect(bad.state == "dead" && bad.attempts == 1 && bad.lastErrorCode == "bad_request")
            #expect(bad.lastError?.contains("Invalid input for Message") == true)
            #expect(good.state == "imported")
        }
    }

    @Test("429 is waited out and does not count as an attempt")
    func rateLimitedWaits() async throws {
        try await TestEnvironment.with { env in
            await env.sandbox.setFaults([SandboxFaultRule(path: Self.importPath, times: 2, status: 429, message: "Too Many Requests")])
            try await env.enqueue("paced", Transcripts.simple())
            try await env.worker().drain()
            let row = try await env.row("paced")
            #expect(row.state == "imported" && row.attempts == 1)
            #expect(await env.requests("POST", Self.importPath).map(\.status) == [429, 429, 201])
            #expect(try await env.count("SELECT rate_limited FROM dixa_outbox_attempts WHERE outcome = 'imported'") == 2)
        }
    }

    @Test("a 429 that does not end hands the row back without burning an attempt")
    func rateLimitedRelease() async throws {
        try await TestEnvironment.with { env in
            await env.sandbox.setFaults([SandboxFaultRule(path: Self.importPath, status: 429, message: "Too Many Requests", retryAfterSeconds: 0)])
            try await env.enqueue("throttled", Transcripts.simple())
            _ = try await env.worker().drain()
            let row = try await env.row("throttled")
            #expect(row.state == "pending" && row.attempts == 0)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE outcome = 'released' AND error_code = 'rate_limited'") >= 1)
        }
    }

    @Test("a 201 with partialErrors is a success whose errors are recorded")
    func partialErrors() async throws {
        try await TestEnvironment.with { env in
            await env.sandbox.setFaults([
                SandboxFaultRule(
                    path: Self.importPath,
                    partialErrors: ["The conversation could not be assigned", "Invalid attachment url in message. externalId: 42"]
                )
            ])
            try await env.enqueue("partial", Transcripts.simple())
            try await env.worker().drain()
            #expect(try await env.row("partial").state == "imported")
            let recorded = try await env.store.partialErrors().map(\.message)
            #expect(recorded == ["The conversation could not be assigned", "Invalid attachment url in message. externalId: 42"])
        }
    }
}
