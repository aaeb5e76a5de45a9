import DixaSandbox
import Foundation
import Outbox
import TestSupport
import Testing

@Suite("The dixa-importer binary")
struct BinaryTests {
    static let secret = "tok_cli_5e5e5e-SECRET"

    @Test(
        "--help teaches with an example and never shows the token, even when it is set",
        arguments: [
            [], ["demo"], ["migrate"], ["enqueue"], ["drain"], ["run"], ["report"], ["requeue"], ["check"], ["prune"], ["webhooks"],
            ["webhooks", "serve"], ["webhooks", "install"], ["reopen"],
        ]
    )
    func help(subcommand: [String]) async throws {
        let result = try await CommandRunner.run(subcommand + ["--help"], environment: ["DIXA_API_TOKEN": Self.secret])
        #expect(result.status == 0)
        #expect(result.output.contains("dixa-importer"))
        #expect(result.output.lowercased().contains("example"))
        #expect(!result.output.contains("tok_cli"))
    }

    @Test("migrate applies once, then says it is up to date")
    func migrateTwice() async throws {
        let environment = ["DATABASE_URL": try await TestPostgres.freshDatabaseURL()]
        let first = try await CommandRunner.run(["migrate"], environment: environment)
        let second = try await CommandRunner.run(["migrate"], environment: environment)
        let all = Migrations.all.map(\.name)
        #expect(all.count >= 3)
        #expect(first.status == 0 && first.output.contains("applied \(all.count) migration(s): \(all.joined(separator: ", "))"))
        #expect(second.status == 0 && second.output.contains("up to date"))
    }

    @Test("enqueue reports each refused line with its reason, inserts the rest and exits 1")
    func enqueueReportsRefusals() async throws {
        let environment = ["DATABASE_URL": try await TestPostgres.freshDatabaseURL()]
        _ = try await CommandRunner.run(["migrate"], environment: environment)
        let input = """
            {"sourceKey":"good-1","transcript":\(Transcripts.simple())}
            {"sourceKey":"bad-1","transcript":{"requester":{"email":"a@b.c"},"messages":[{"from":"robot","text":"x","at":"2026-11-24T10:00:00Z"}]}}
            {"sourceKey": broken json
            {"sourceKey":"good-2","kind":"closed","transcript":\(Transcripts.simple(email: "b@example.com"))}
            {"sourceKey":"good-1","transcript":\(Transcripts.simple())}
            """
        let result = try await CommandRunner.run(["enqueue", "-"], environment: environment, input: input)
        #expect(result.status == 1)
        #expect(result.output.contains(#"line 2 (bad-1): refused: transcript.messages[0].from must be "user" or "bot""#))
        #expect(result.output.contains("line 3: refused: not valid JSON"))
        #expect(result.output.contains("line 5 (good-1): already in the outbox, skipped"))
        #expect(result.output.contains("enqueued 2, duplicates 1, refused 2"))
    }

    @Test("drain exits 3 with what to fix on a configuration halt, and 0 once it is fixed")
    func drainExitCodes() async throws {
        try await TestEnvironment.with { env in
            let databaseURL = try await TestPostgres.freshDatabaseURL()
            var environment = [
                "DATABASE_URL": databaseURL, "DIXA_API_TOKEN": TestEnvironment.token, "DIXA_BASE_URL": env.baseURL,
                "DIXA_AGENT_ID": UUID().uuidString,
            ]
            _ = try await CommandRunner.run(["migrate"], environment: environment)
            let line = #"{"sourceKey":"cli-row","transcript":\#(Transcripts.simple())}"#
            _ = try await CommandRunner.run(["enqueue"], environment: environment, input: line)
            let halted = try await CommandRunner.run(["drain", "--retry-base", "0.01", "--retry-max", "0.01"], environment: environment)
            #expect(halted.status == 3)
            #expect(halted.output.contains("halted: configuration problem"))
            #expect(halted.output.contains("DIXA_AGENT_ID"))
            environment["DIXA_AGENT_ID"] = SandboxSeed.botAgentID.uuidString
            let fixed = try await CommandRunner.run(["drain"], environment: environment)
            #expect(fixed.status == 0)
            #expect(fixed.output.contains("drain: imported 1, retrying 0, dead 0"))
            #expect(!halted.output.contains(TestEnvironment.token) && !fixed.output.contains(TestEnvironment.token))
            #expect(await env.sandbox.conversations().map(\.externalId) == ["cli-row"])
        }
    }

    @Test("missing configuration is named, not guessed")
    func missingConfiguration() async throws {
        let noDatabase = try await CommandRunner.run(["drain"], environment: ["DIXA_API_TOKEN": "x", "DIXA_AGENT_ID": UUID().uuidString])
        #expect(noDatabase.status == 1 && noDatabase.output.contains("DATABASE_URL is not set"))
        let noToken = try await CommandRunner.run(
            ["drain"],
            environment: ["DATABASE_URL": "postgres://localhost/x", "DIXA_AGENT_ID": UUID().uuidString]
        )
        #expect(noToken.status == 1 && noToken.output.contains("no Dixa API token"))
        let badAgent = try await CommandRunner.run(
            ["drain"],
            environment: ["DATABASE_URL": "postgres://localhost/x", "DIXA_API_TOKEN": "x", "DIXA_AGENT_ID": "bot"]
        )
        #expect(badAgent.status == 1 && badAgent.output.contains("DIXA_AGENT_ID is not a UUID"))
    }
}
