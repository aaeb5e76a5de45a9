import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Testing

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

    @Test("the token and a client configuration print as <redacted>")
    func redacted() {
        let configuration = DixaClientConfiguration(token: DixaToken(Self.secret))
        for text in ["\(configuration)", String(reflecting: configuration), "\(configuration.token)", String(reflecting: configuration.token)] {
            #expect(!text.contains("tok_live"))
        }
        #expect("\(DixaToken(Self.secret))" == "<redacted>")
    }
}
