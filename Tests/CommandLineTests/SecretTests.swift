import DixaAPI
import DixaSandbox
import Foundation
import Importer
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("The token never leaks")
struct SecretTests {
    static let secret = "tok_live_9f8e7d6c5b4a-SECRET"

    @Test("not in any log line at trace level, nor in errors, on success and on failure")
    func tokenNotLogged() async throws {
        var seed = SandboxSeed.standard
        seed.tokens.append(Self.secret)
        try await TestEnvironment.with(sandboxConfiguration: SandboxConfiguration(seed: seed)) { env in
            try await env.enqueue("ok", Transcripts.simple())
            try await env.worker(client: env.dixaClient(token: Self.secret)).drain()
            try await env.enqueue("rejected", Transcripts.simple(email: "b@example.com"))
            let summary = try await env.worker(client: env.dixaClient(token: Self.secret + "-revoked")).drain()
            #expect(try await env.row("ok").state == "imported")
            let halt = try #require(summary.halt)
            let everything =
                env.logs.entries.map { "\($0.message) \($0.metadata) \(String(describing: $0.error))" }.joined(separator: "\n")
                + "\(halt) \(String(reflecting: halt))"
                + (try await env.store.client.query(
                    "SELECT coalesce(string_agg(coalesce(message, ''), ' '), '') FROM dixa_outbox_attempts",
                    logger: env.logger
                )
                .collect().first?.decode(String.self) ?? "")
            #expect(!env.logs.entries.isEmpty)
            #expect(!everything.contains("tok_live"))
            #expect(await env.requests().allSatisfy { !($0.rawBody ?? "").contains("tok_live") })
        }
    }

    @Test("a failing run of the binary at trace level prints nothing of the token, nor shows it in the process title")
    func binaryNeverPrintsToken() async throws {
        var seed = SandboxSeed.standard
        seed.tokens.append(Self.secret)
        try await TestEnvironment.with(sandboxConfiguration: SandboxConfiguration(seed: seed)) { env in
            var environment = [
                "DATABASE_URL": env.databaseURL, "DIXA_API_TOKEN": Self.secret, "DIXA_BASE_URL": env.baseURL,
                "DIXA_AGENT_ID": UUID().uuidString, "LOG_LEVEL": "trace",
            ]
            try await env.enqueue("traced", Transcripts.simple())
            let running = try CommandRunner.start(["run", "--halt-recheck", "30"], environment: environment)
            // Wait for the halt itself (the row handed back), not for a fixed time.
            for _ in 0..<300 where try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE error_code = 'configuration'") == 0 {
                try await Task.sleep(for: .milliseconds(50))
            }
            let title = (try? String(contentsOfFile: "/proc/\(running.pid)/cmdline", encoding: .utf8)) ?? ""
            running.send(SIGTERM)
            let run = await running.wait()
            environment["DIXA_API_TOKEN"] = Self.secret + "-revoked"
            let rejected = try await CommandRunner.run(["drain"], environment: environment)
            #expect(run.output.contains("halted") || run.output.contains("Agent does not exist"))
            #expect(rejected.status == 3)
            #expect(rejected.output.contains("trace") || rejected.output.contains("debug"))
            for text in [run.output, rejected.output, title] {
                #expect(!text.contains("tok_live"))
            }
        }
    }

    @Test("TLS certificate verification is never switched off in the sources")
    func tlsVerificationStaysOn() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("certificateVerification"), "\(file) touches certificate verification")
        }
    }
}
