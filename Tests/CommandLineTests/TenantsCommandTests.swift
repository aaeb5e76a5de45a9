import DixaSandbox
import Foundation
import Outbox
import TestSupport
import Testing

/// `dixa-importer tenants …`, `check --tenant`, `report --tenant` and a drain over two tenants, through the binary,
/// at trace log level: no token or key ever appears in what it prints.
@Suite("The tenants commands", .timeLimit(.minutes(3)))
struct TenantsCommandTests {
    static let acme = SandboxOrganizationIDs(number: 2)

    /// A scratch folder with the acme token file and two key files.
    struct Files {
        let folder: URL
        var token: String { folder.appendingPathComponent("acme.token").path }
        var key: String { folder.appendingPathComponent("secrets.key").path }
        var newKey: String { folder.appendingPathComponent("secrets.key.new").path }
    }

    static func files() async throws -> Files {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenants-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files = Files(folder: folder)
        try (acme.token + "\n").write(toFile: files.token, atomically: true, encoding: .utf8)
        for path in [files.key, files.newKey] {
            let generated = try await CommandRunner.run(["tenants", "new-key"])
            #expect(generated.status == 0 && generated.output.trimmingCharacters(in: .whitespacesAndNewlines).count == 64)
            try generated.output.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return files
    }

    static func environment(_ env: TestEnvironment, key: String?) -> [String: String] {
        var environment = [
            "DATABASE_URL": env.databaseURL, "DIXA_API_TOKEN": TestEnvironment.token, "DIXA_BASE_URL": env.baseURL,
            "DIXA_AGENT_ID": SandboxSeed.botAgentID.uuidString, "LOG_LEVEL": "trace",
        ]
        environment["DIXA_SECRETS_KEY_FILE"] = key
        return environment
    }

    /// Fails the test if `output` holds a token or a key.
    static func expectNoSecret(_ output: String, _ files: Files, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let keys = try [files.key, files.newKey].map {
            try String(contentsOfFile: $0, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        for secret in [acme.token, TestEnvironment.token] + keys {
            #expect(!output.contains(secret), "printed a secret", sourceLocation: sourceLocation)
        }
    }

    /// The lines a command printed, without its log lines (JSON on standard error, which the runner merges).
    static func printed(_ output: String) -> [Substring] {
        output.split(separator: "\n").filter { !$0.hasPrefix("{\"label\"") }
    }

    @Test("add checks against Dixa and stores; list, update, disable, enable; remove refused while rows wait; no token printed")
    func lifecycle() async throws {
        try await TestEnvironment.with(sandboxConfiguration: SandboxConfiguration(organizations: SandboxSeed.organizations(2))) { env in
            let files = try await Self.files()
            let environment = Self.environment(env, key: files.key)
            let agent = Self.acme.botAgentID.uuidString
            let noKey = try await CommandRunner.run(
                ["tenants", "add", "acme", "--token-file", files.token, "--agent-id", agent],
                environment: Self.environment(env, key: nil)
            )
            #expect(noKey.status == 1 && noKey.output.contains("DIXA_SECRETS_KEY_FILE is not set"))
            let wrongAgent = try await CommandRunner.run(
                ["tenants", "add", "acme", "--token-file", files.token, "--agent-id", SandboxSeed.botAgentID.uuidString],
                environment: environment
            )
            #expect(wrongAgent.status == 1 && wrongAgent.output.contains("✗ the bot agent") && wrongAgent.output.contains("was not stored"))
            let added = try await CommandRunner.run(
                ["tenants", "add", "acme", "--token-file", files.token, "--agent-id", agent, "--queue-id", Self.acme.supportQueueID.uuidString],
                environment: environment
            )
            #expect(added.status == 0, "\(added.output)")
            #expect(added.output.contains("✓ Dixa accepts the API token") && added.output.contains("✓ the bot agent exists"))
            #expect(added.output.contains("added tenant acme"))

            let enqueued = try await CommandRunner.run(
                ["enqueue", "--tenant", "acme", "-"],
                environment: environment,
                input: #"{"sourceKey":"a-1","transcript":\#(Transcripts.simple(email: "shared@example.com"))}"#
            )
            #expect(enqueued.status == 0 && enqueued.output.contains("enqueued 1"))
            let list = try await CommandRunner.run(["tenants", "list", "--format", "csv"], environment: environment)
            #expect(list.output.contains("acme,yes,stored,\(agent.lowercased()),"), "\(list.output)")
            #expect(list.output.contains("default,yes,environment,"))
            let update = try await CommandRunner.run(["tenants", "update", "acme", "--rate-limit", "5", "--burst", "2"], environment: environment)
            #expect(update.status == 0 && update.output.contains("updated tenant acme"))
            #expect(try await env.count("SELECT count(*) FROM dixa_tenants WHERE name = 'acme' AND rate_limit = 5 AND burst = 2") == 1)
            let cleared = try await CommandRunner.run(
                ["tenants", "update", "acme", "--clear", "queue-id", "--clear", "burst"],
                environment: environment
            )
            #expect(cleared.status == 0, "\(cleared.output)")
            #expect(
                try await env.count("SELECT count(*) FROM dixa_tenants WHERE name = 'acme' AND queue_id IS NULL AND burst IS NULL AND rate_limit = 5")
                    == 1
            )
            let refused = try await CommandRunner.run(["tenants", "remove", "acme"], environment: environment)
            #expect(refused.status == 1 && refused.output.contains("1 rows pending or running"))
            let disabled = try await CommandRunner.run(["tenants", "disable", "acme"], environment: environment)
            #expect(disabled.status == 0)
            let drainWhileDisabled = try await CommandRunner.run(["drain"], environment: environment)
            #expect(drainWhileDisabled.status == 0 && drainWhileDisabled.output.contains("drain: imported 0,"))
            #expect(try await CommandRunner.run(["tenants", "enable", "acme"], environment: environment).status == 0)
            let drained = try await CommandRunner.run(["drain"], environment: environment)
            #expect(drained.status == 0 && drained.output.contains("drain: imported 1,"), "\(drained.output)")
            #expect(await env.sandbox.conversations(organization: Self.acme.name).count == 1)
            let removed = try await CommandRunner.run(["tenants", "remove", "acme"], environment: environment)
            #expect(removed.status == 0 && removed.output.contains("removed tenant acme"))
            for output in [noKey, wrongAgent, added, enqueued, list, update, refused, disabled, drainWhileDisabled, drained, removed].map(\.output) {
                try Self.expectNoSecret(output, files)
            }
        }
    }

    @Test("drain over two tenants: the healthy one is imported, the halted one named, exit 3; reports and check by tenant")
    func drainAndReportsByTenant() async throws {
        try await TestEnvironment.with(sandboxConfiguration: SandboxConfiguration(organizations: SandboxSeed.organizations(2))) { env in
            let files = try await Self.files()
            let environment = Self.environment(env, key: files.key)
            let add = ["tenants", "add", "acme", "--token-file", files.token, "--agent-id", Self.acme.botAgentID.uuidString]
            #expect(try await CommandRunner.run(add, environment: environment).status == 0)
            try await env.enqueue("d-1", Transcripts.simple())
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "a-1", kind: "closed", transcriptJSON: Transcripts.simple())
            let rotated = try await CommandRunner.run(["tenants", "rotate-key", "--new-key-file", files.newKey], environment: environment)
            #expect(rotated.status == 0 && rotated.output.contains("sealed 1 secrets"), "\(rotated.output)")
            let staleKey = try await CommandRunner.run(["check", "--tenant", "acme"], environment: environment)
            #expect(staleKey.status == 1 && staleKey.output.contains("✗ cannot be worked") && staleKey.output.contains("DIXA_SECRETS_KEY_FILE"))
            let newKeyEnvironment = Self.environment(env, key: files.newKey)
            let check = try await CommandRunner.run(["check", "--all-tenants"], environment: newKeyEnvironment)
            #expect(check.status == 0 && check.output.contains("== tenant acme") && check.output.contains("== tenant default"), "\(check.output)")
            // A token the organisation revoked is refused, and the stored one kept.
            try "revoked-token".write(toFile: files.token, atomically: true, encoding: .utf8)
            let update = try await CommandRunner.run(["tenants", "update", "acme", "--token-file", files.token], environment: newKeyEnvironment)
            #expect(update.status == 1 && update.output.contains("✗ Dixa rejects the API token") && update.output.contains("was not stored"))
            let drained = try await CommandRunner.run(["drain"], environment: newKeyEnvironment)
            #expect(drained.status == 0 && drained.output.contains("  acme: imported 1") && drained.output.contains("  default: imported 1"))
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "a-2", kind: "closed", transcriptJSON: Transcripts.simple())
            let wrongKey = try await CommandRunner.run(["drain"], environment: environment)
            #expect(wrongKey.status == 3, "\(wrongKey.output)")
            #expect(wrongKey.output.contains("halted: tenant acme: ") && wrongKey.output.contains("DIXA_SECRETS_KEY_FILE"))
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE source_key = 'a-2' AND state = 'pending' AND attempts = 0") == 1)

            let backlog = try await CommandRunner.run(["report", "backlog", "--tenant", "acme", "--format", "csv"], environment: environment)
            let lines = Self.printed(backlog.output).dropFirst()
            #expect(lines.count == 8 && lines.allSatisfy { $0.hasPrefix("acme,") }, "\(backlog.output)")
            let all = try await CommandRunner.run(["report", "backlog", "--format", "csv"], environment: environment)
            #expect(
                all.output.contains("\ndefault,live,imported,1,") && all.output.contains("\nacme,live,pending,1,")
                    && all.output.contains("\nacme,live,imported,1,")
            )
            let halts = try await CommandRunner.run(["report", "halts", "--tenant", "default", "--format", "csv"], environment: environment)
            #expect(Self.printed(halts.output).count == 1, "the default tenant never halted: \(halts.output)")
            for output in [rotated, staleKey, check, update, drained, wrongKey, backlog, all, halts].map(\.output) {
                try Self.expectNoSecret(output, files)
            }
        }
    }
}
