import AsyncHTTPClient
import DixaSandbox
import Foundation
import LocalPostgres
import NIOCore
import TestSupport
import Testing

/// `dixa-importer console` and `run --console-port` as child processes.
@Suite("The console from the command line")
struct ConsoleCommandTests {
    /// GETs `url` until `done` holds or a generous deadline passes; returns the last answer.
    static func poll(
        _ url: String,
        authorization: String? = nil,
        until done: (Int, String) -> Bool
    ) async throws -> (status: Int, body: String) {
        let deadline = ContinuousClock.now + .seconds(90)
        var last = (status: 0, body: "")
        while ContinuousClock.now < deadline {
            var request = HTTPClientRequest(url: url)
            if let authorization { request.headers.add(name: "Authorization", value: authorization) }
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)) {
                let body = try await response.body.collect(upTo: 16 << 20)
                last = (Int(response.status.code), String(buffer: body))
                if done(last.status, last.body) { return last }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return last
    }

    @Test("refuses to start without authentication, and --no-auth off loopback, naming what to set")
    func refusals() async throws {
        let environment = ["DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"]
        let bare = try await CommandRunner.run(["console", "--port", "18070"], environment: environment)
        #expect(bare.status != 0)
        #expect(bare.output.contains("DIXA_CONSOLE_BASIC_AUTH") && bare.output.contains("--no-auth"))
        let exposed = try await CommandRunner.run(["console", "--host", "0.0.0.0", "--no-auth"], environment: environment)
        #expect(exposed.status != 0)
        #expect(exposed.output.contains("loopback"))
        let run = try await CommandRunner.run(
            ["run", "--console-port", "18070", "--console-host", "0.0.0.0", "--console-no-auth"],
            environment: environment.merging(["DIXA_API_TOKEN": "t", "DIXA_AGENT_ID": UUID().uuidString]) { $1 }
        )
        #expect(run.status != 0)
        #expect(run.output.contains("loopback"))
        let help = try await CommandRunner.run(["console", "--help"])
        for text in ["DIXA_CONSOLE_BASIC_AUTH", "DIXA_CONSOLE_TOKEN", "--no-auth", "--read-only", "Examples:"] {
            #expect(help.output.contains(text), "console --help does not mention \(text)")
        }
    }

    @Test("console serves the pages with a bearer token and stops on SIGTERM", .timeLimit(.minutes(3)))
    func console() async throws {
        try await TestEnvironment.with { env in
            let port = try LocalPostgres.freePort()
            let token = "cli-console-token-0123456789"
            let running = try CommandRunner.start(
                ["console", "--port", "\(port)"],
                environment: ["DATABASE_URL": env.databaseURL, "DIXA_CONSOLE_TOKEN": token]
            )
            defer { running.send(SIGKILL) }
            let page = try await Self.poll("http://127.0.0.1:\(port)/", authorization: "Bearer \(token)") { status, _ in status == 200 }
            #expect(page.status == 200)
            #expect(page.body.contains("<h1>Overview</h1>"))
            let refused = try await Self.poll("http://127.0.0.1:\(port)/") { status, _ in status != 0 }
            #expect(refused.status == 401)
            #expect(!running.outputSoFar.contains(token), "the token is never logged")
            running.send(SIGTERM)
            #expect(await running.wait().status == 0)
        }
    }

    @Test("run --console-port serves the console beside the worker, showing what it imported", .timeLimit(.minutes(3)))
    func runWithConsole() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("c-1", Transcripts.simple(email: "c1@example.com"))
            let port = try LocalPostgres.freePort()
            let running = try CommandRunner.start(
                ["run", "--console-port", "\(port)", "--console-no-auth"],
                environment: [
                    "DATABASE_URL": env.databaseURL, "DIXA_API_TOKEN": TestEnvironment.token, "DIXA_BASE_URL": env.baseURL,
                    "DIXA_AGENT_ID": SandboxSeed.botAgentID.uuidString,
                ]
            )
            defer { running.send(SIGKILL) }
            let page = try await Self.poll("http://127.0.0.1:\(port)/") { _, body in body.contains("1 imported in the last 24 hours") }
            #expect(page.status == 200)
            #expect(page.body.contains("1 imported in the last 24 hours"))
            running.send(SIGTERM)
            #expect(await running.wait().status == 0)
        }
    }
}
