import AsyncHTTPClient
import DixaSandbox
import Foundation
import LocalPostgres
import NIOFoundationCompat
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("run --metrics-port: /metrics and /health")
struct MetricsTests {
    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 22)))
    }

    /// Polls `url` until `condition` holds on its body or 15 s pass.
    static func poll(_ url: String, until condition: (Int, String) -> Bool) async throws -> (status: Int, body: String) {
        var last = (status: 0, body: "")
        for _ in 0..<150 {
            if let answer = try? await get(url) {
                last = answer
                if condition(answer.status, answer.body) { return answer }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return last
    }

    @Test("counters for rows and Dixa requests, latency histogram, backlog gauges; /health ok", .timeLimit(.minutes(1)))
    func metricsWhileHealthy() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("m-1", Transcripts.simple(email: "m1@example.com"))
            try await env.enqueue("m-2", Transcripts.simple(email: "m2@example.com", attributes: #"{"order_id":"7"}"#))
            let port = try LocalPostgres.freePort()
            let running = try CommandRunner.start(
                ["run", "--metrics-port", "\(port)"],
                environment: [
                    "DATABASE_URL": env.databaseURL, "DIXA_API_TOKEN": TestEnvironment.token, "DIXA_BASE_URL": env.baseURL,
                    "DIXA_AGENT_ID": SandboxSeed.botAgentID.uuidString,
                ]
            )
            defer { running.send(SIGKILL) }
            let metrics = try await Self.poll("http://127.0.0.1:\(port)/metrics") { _, body in
                body.contains(#"dixa_importer_rows_imported_total{tenant="default"} 2"#)
            }
            #expect(metrics.status == 200)
            #expect(metrics.body.contains(#"dixa_importer_rows_imported_total{tenant="default"} 2"#))
            #expect(metrics.body.contains(#"dixa_importer_rows_claimed_total{tenant="default"} 2"#))
            #expect(metrics.body.contains(#"dixa_requests_total{tenant="default",endpoint="POST /v1/conversations/import",status="201"} 2"#))
            #expect(
                metrics.body.contains(
                    #"dixa_requests_total{tenant="default",endpoint="PATCH /v1/conversations/{id}/custom-attributes",status="200"} 1"#
                )
            )
            #expect(metrics.body.contains("dixa_request_duration_seconds_bucket"))
            #expect(metrics.body.contains(#"dixa_importer_backlog_due_rows{tenant="default"}"#))
            let health = try await Self.get("http://127.0.0.1:\(port)/health")
            #expect(health.status == 200 && health.body == "ok\n")
            running.send(SIGTERM)
            #expect(await running.wait().status == 0)
        }
    }

    @Test("/health answers 503 with what to fix while halted on configuration", .timeLimit(.minutes(1)))
    func healthFailsWhenHalted() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("h-1", Transcripts.simple())
            let port = try LocalPostgres.freePort()
            let running = try CommandRunner.start(
                ["run", "--metrics-port", "\(port)", "--halt-recheck", "60"],
                environment: [
                    "DATABASE_URL": env.databaseURL, "DIXA_API_TOKEN": TestEnvironment.token, "DIXA_BASE_URL": env.baseURL,
                    "DIXA_AGENT_ID": UUID().uuidString,
                ]
            )
            defer { running.send(SIGKILL) }
            let health = try await Self.poll("http://127.0.0.1:\(port)/health") { status, _ in status == 503 }
            #expect(health.status == 503)
            #expect(health.body.contains("Agent does not exist") && health.body.contains("DIXA_AGENT_ID"))
            // /health fails as soon as the halt is entered; the row's hand-back is written (and counted) a moment later.
            let released = #"dixa_importer_rows_released_total{tenant="default",reason="configuration"} 1"#
            let metrics = try await Self.poll("http://127.0.0.1:\(port)/metrics") { _, body in body.contains(released) }
            #expect(metrics.body.contains(released))
            #expect(!metrics.body.contains("dixa_importer_rows_dead_total"))
            #expect(metrics.body.contains(#"dixa_importer_tenant_halted{tenant="default"} 1"#))
        }
    }
}
