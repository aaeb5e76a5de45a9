import DixaAPI
import DixaSandbox
import Foundation
import Importer
import ImporterService
import LocalPostgres
import Outbox
import Secrets
import TestSupport
import Testing

/// Tenants kept apart as a security property: a row reaches Dixa with its own tenant's token and requester, and no
/// token is ever written where it can be read.
@Suite("Isolation between tenants", .timeLimit(.minutes(3)))
struct TenantIsolationTests {
    static let acme = SandboxOrganizationIDs(number: 2)
    static let twoOrganizations = SandboxConfiguration(organizations: SandboxSeed.organizations(2))

    static func settings(_ env: TestEnvironment, key: SecretsKey?, metricsPort: Int? = nil) throws -> ImporterSettings {
        try ImporterSettings(
            database: DatabaseSettings(url: env.databaseURL),
            dixa: DixaSettings(baseURL: env.baseURL, token: DixaToken(TestEnvironment.token), botAgentID: TestEnvironment.botAgentID),
            worker: WorkerSettings(lease: .seconds(120), pollInterval: .milliseconds(100), workerName: "isolation"),
            metrics: try metricsPort.map { try ListenerSettings(host: "127.0.0.1", port: $0, name: "--metrics-port") },
            secretsKey: key
        )
    }

    static func administration(_ env: TestEnvironment, key: SecretsKey?) throws -> TenantAdministration {
        TenantAdministration(store: env.store, dixa: try DixaSettings(baseURL: env.baseURL), secretsKey: key, logger: env.logger)
    }

    static func addAcme(_ env: TestEnvironment, key: SecretsKey) async throws {
        let tenant = TenantAdministration.TenantDefinition(
            name: "acme",
            token: DixaToken(acme.token),
            agentID: acme.botAgentID,
            queueID: acme.supportQueueID,
            baseURL: nil,
            rateLimit: nil,
            burst: nil
        )
        let checks = try await administration(env, key: key).add(tenant)
        #expect(checks.allSatisfy(\.passed) && checks.count == 3)
    }

    @Test("two tenants whose organisations hold the same email: each row reaches Dixa with its own token and requester")
    func sameEmailTwoOrganisations() async throws {
        try await TestEnvironment.with(sandboxConfiguration: Self.twoOrganizations) { env in
            let key = SecretsKey.generate()
            try await Self.addAcme(env, key: key)
            let transcript = Transcripts.simple(email: "shared@example.com")
            try await env.enqueue("row-1", transcript)
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "row-1", kind: "closed", transcriptJSON: transcript)
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "row-2", kind: "escalate", transcriptJSON: transcript)
            let summary = try await ImporterServices(settings: try Self.settings(env, key: key), logger: env.logger).run(.drain())
            #expect(summary.imported == 3 && summary.halts.isEmpty)
            #expect(summary.tenants["acme"]?.imported == 2 && summary.tenants["default"]?.imported == 1)

            let defaultUsers = await env.sandbox.endUsers(organization: SandboxSeed.standardName)
            let acmeUsers = await env.sandbox.endUsers(organization: Self.acme.name)
            #expect(defaultUsers.count == 1 && acmeUsers.count == 1)
            let (defaultUser, acmeUser) = (try #require(defaultUsers.first), try #require(acmeUsers.first))
            #expect(defaultUser.id != acmeUser.id)
            let defaultConversations = await env.sandbox.conversations(organization: SandboxSeed.standardName)
            let acmeConversations = await env.sandbox.conversations(organization: Self.acme.name)
            #expect(defaultConversations.map(\.requesterId) == [defaultUser.id])
            #expect(acmeConversations.map(\.requesterId) == [acmeUser.id, acmeUser.id])
            #expect(
                acmeConversations.allSatisfy { $0.request["assignment"]?["agentId"]?.stringValue == Self.acme.botAgentID.uuidString.lowercased() }
            )
            #expect(acmeConversations.compactMap(\.queueId) == [Self.acme.supportQueueID.uuidString.lowercased()])
            // Every request went to the organisation of its row's tenant: none was refused, none went unattributed.
            let requests = await env.requests()
            #expect(requests.allSatisfy { $0.organization != nil && $0.status < 400 }, "\(requests.filter { $0.status >= 400 })")
            #expect(try await env.count("SELECT count(DISTINCT requester_id) FROM dixa_outbox") == 2)
            #expect(try await env.count("SELECT count(*) FROM dixa_end_users WHERE tenant = 'acme'") == 1)
        }
    }

    @Test("no token in the database, the logs or the reports; after rotate-key the old key opens nothing, the new one works")
    func tokensStaySealed() async throws {
        try await TestEnvironment.with(sandboxConfiguration: Self.twoOrganizations) { env in
            let key = SecretsKey.generate()
            try await Self.addAcme(env, key: key)
            let dump = try await env.store.client.query("SELECT coalesce(encode(token_sealed, 'escape'), '') FROM dixa_tenants", logger: env.logger)
            for try await text in dump.decode(String.self) { #expect(!text.contains(Self.acme.token)) }
            for report in Report.all where report.name != "row_history" {
                let table = try await env.store.run(report)
                #expect(!table.rendered(as: .csv).contains(Self.acme.token))
            }

            let newKey = SecretsKey.generate()
            #expect(try await Self.administration(env, key: key).rotateKey(to: newKey) == 1)
            let stale = try await Self.administration(env, key: key).tenantsToCheck()
            let problem = try #require(stale.unavailable.first { $0.tenant == "acme" })
            #expect(problem.cause.contains("DIXA_SECRETS_KEY_FILE") && problem.cause.contains(newKey.id))
            let fresh = try await Self.administration(env, key: newKey).tenantsToCheck()
            #expect(fresh.tenants.map(\.name) == ["acme"] && fresh.unavailable.isEmpty)
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "after-rotation", kind: "closed", transcriptJSON: Transcripts.simple())
            let summary = try await ImporterServices(settings: try Self.settings(env, key: newKey), logger: env.logger).run(.drain())
            #expect(summary.tenants["acme"]?.imported == 1)
            #expect(!env.logs.entries.contains { "\($0)".contains(Self.acme.token) || "\($0)".contains(TestEnvironment.token) })
        }
    }

    @Test("without the key, or with another, a stored tenant cannot be worked: its rows wait, /health names the setting, default goes on")
    func missingOrWrongKey() async throws {
        try await TestEnvironment.with(sandboxConfiguration: Self.twoOrganizations) { env in
            try await Self.addAcme(env, key: SecretsKey.generate())
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "a-1", kind: "closed", transcriptJSON: Transcripts.simple())
            try await env.enqueue("d-1", Transcripts.simple())
            for key in [nil, SecretsKey.generate()] {
                let summary = try await ImporterServices(settings: try Self.settings(env, key: key), logger: env.logger).run(.drain())
                let halt = try #require(summary.halts["acme"])
                #expect("\(halt)".contains("DIXA_SECRETS_KEY_FILE"))
                #expect(try await env.row("a-1").state == "pending")
            }
            #expect(try await env.row("d-1").state == "imported")
            // Each worker reported the tenant once, however often it read the tenants.
            #expect(try await env.count("SELECT count(*) FROM dixa_halts WHERE tenant = 'acme' AND cause LIKE '%DIXA_SECRETS_KEY_FILE%'") == 2)
        }
    }

    @Test("a deployment of stored tenants only: they are imported, and rows naming the unconfigured default tenant wait, named")
    func noDefaultTenant() async throws {
        try await TestEnvironment.with(sandboxConfiguration: Self.twoOrganizations) { env in
            let key = SecretsKey.generate()
            try await Self.addAcme(env, key: key)
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "a-1", kind: "closed", transcriptJSON: Transcripts.simple())
            let settings = try ImporterSettings(
                database: DatabaseSettings(url: env.databaseURL),
                dixa: DixaSettings(baseURL: env.baseURL),
                worker: WorkerSettings(lease: .seconds(120), workerName: "stored-only"),
                secretsKey: key
            )
            let quiet = try await ImporterServices(settings: settings, logger: env.logger).run(.drain())
            #expect(quiet.tenants["acme"]?.imported == 1 && quiet.halts.isEmpty)
            try await env.enqueue("d-1", Transcripts.simple())
            let waiting = try await ImporterServices(settings: settings, logger: env.logger).run(.drain())
            #expect(waiting.halts["default"]?.cause.contains("no Dixa organisation is configured") == true)
            #expect(try await env.row("d-1").state == "pending")
        }
    }

    @Test("a disabled tenant's rows wait unclaimed; enabled again, they are imported")
    func disabledTenantWaits() async throws {
        try await TestEnvironment.with(sandboxConfiguration: Self.twoOrganizations) { env in
            let key = SecretsKey.generate()
            try await Self.addAcme(env, key: key)
            try await Self.administration(env, key: key).setEnabled("acme", false)
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "a-1", kind: "closed", transcriptJSON: Transcripts.simple())
            try await env.enqueue("d-1", Transcripts.simple())
            let first = try await ImporterServices(settings: try Self.settings(env, key: key), logger: env.logger).run(.drain())
            #expect(first.imported == 1 && first.tenants["acme"] == nil && first.halts.isEmpty)
            #expect(try await env.row("a-1").attempts == 0)
            try await Self.administration(env, key: key).setEnabled("acme", true)
            let second = try await ImporterServices(settings: try Self.settings(env, key: key), logger: env.logger).run(.drain())
            #expect(second.tenants["acme"]?.imported == 1)
        }
    }

    @Test("tenants add refuses a token Dixa rejects, or an agent of another organisation, and stores nothing")
    func addChecksFirst() async throws {
        try await TestEnvironment.with(sandboxConfiguration: Self.twoOrganizations) { env in
            let key = SecretsKey.generate()
            let administration = try Self.administration(env, key: key)
            let badToken = TenantAdministration.TenantDefinition(
                name: "acme",
                token: DixaToken("revoked"),
                agentID: Self.acme.botAgentID,
                queueID: nil,
                baseURL: nil,
                rateLimit: nil,
                burst: nil
            )
            let otherAgent = TenantAdministration.TenantDefinition(
                name: "acme",
                token: DixaToken(Self.acme.token),
                agentID: TestEnvironment.botAgentID,
                queueID: nil,
                baseURL: nil,
                rateLimit: nil,
                burst: nil
            )
            await #expect(throws: TenantCheckFailed.self) { try await administration.add(badToken) }
            do {
                try await administration.add(otherAgent)
                Issue.record("another organisation's agent was accepted")
            } catch let failed as TenantCheckFailed {
                #expect(failed.description.contains("does not exist") && !failed.description.contains(Self.acme.token))
                // Nothing is stored yet: the remedy is the flag of the command at hand, not `tenants update`.
                #expect(failed.description.contains("--agent-id UUID") && !failed.description.contains("tenants update"))
            }
            #expect(try await env.count("SELECT count(*) FROM dixa_tenants") == 1)
            await #expect(throws: TenantError.self) {
                try await administration.add(
                    .init(name: "Bad Name", token: DixaToken("x"), agentID: UUID(), queueID: nil, baseURL: nil, rateLimit: nil, burst: nil)
                )
            }
            await #expect(throws: SecretsError.self) {
                try await Self.administration(env, key: nil).add(
                    .init(
                        name: "acme",
                        token: DixaToken(Self.acme.token),
                        agentID: Self.acme.botAgentID,
                        queueID: nil,
                        baseURL: nil,
                        rateLimit: nil,
                        burst: nil
                    )
                )
            }
        }
    }

    @Test("/health: 200 naming the halted tenant while another tenant works (503 is for every tenant halted)")
    func healthPerTenant() async throws {
        try await TestEnvironment.with(sandboxConfiguration: Self.twoOrganizations) { env in
            try await Self.addAcme(env, key: SecretsKey.generate())
            _ = try await env.store.enqueue(tenant: "acme", sourceKey: "a-1", kind: "closed", transcriptJSON: Transcripts.simple())
            let port = try LocalPostgres.freePort()
            let services = ImporterServices(settings: try Self.settings(env, key: SecretsKey.generate(), metricsPort: port), logger: env.logger)
            try await testGracefulShutdownRunning(services) {
                var answer = (status: 0, body: "")
                let deadline = ContinuousClock.now + .seconds(60)
                while !answer.body.contains("degraded"), ContinuousClock.now < deadline {
                    answer = (try? await ServiceGraphTests.get("http://127.0.0.1:\(port)/health")) ?? answer
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(answer.status == 200)
                #expect(answer.body.hasPrefix("degraded: 1 of 2 tenants halted\nhalted: tenant acme: "), "\(answer.body)")
                let metrics = try await ServiceGraphTests.get("http://127.0.0.1:\(port)/metrics")
                #expect(metrics.status == 200)
                #expect(answer.body.contains("DIXA_SECRETS_KEY_FILE"))
            }
        }
    }
}
