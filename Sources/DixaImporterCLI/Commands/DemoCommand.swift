import ArgumentParser
import DixaAPI
import DixaSandbox
import Foundation
import Importer
import ImporterService
import LocalPostgres
import Logging
import Outbox
import Secrets
import ServiceLifecycle

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Shows the whole import with no setup: throwaway PostgreSQL, in-process Dixa sandbox, sample transcripts.",
        discussion: """
            Starts a throwaway PostgreSQL cluster on a free loopback port (initdb and pg_ctl must be installed; \
            as root they run as the `postgres` user) and the Dixa sandbox in-process, migrates, enqueues the \
            bundled sample transcripts (two of which the outbox refuses, one a duplicate), drains, prints what \
            happened to every row and what the sandbox received, and removes everything again.

            Example:
              swift run dixa-importer demo
            """
    )

    @Option(help: "Log level while the demo runs (default: warning, to keep the output readable).")
    var logLevel: Logger.Level = .warning

    func run() async throws {
        let logger = bootstrapLogging(level: logLevel, label: "demo")
        let postgres = try LocalPostgres.start(logger: logger)
        defer { postgres.stop() }
        try await cleaningUpOnSignal(postgres.stop) {
            let organisations = SandboxSeed.organizations(2)
            let sandbox = DixaSandbox(configuration: SandboxConfiguration(organizations: organisations), logger: logger)
            let sandboxGroup = ServiceGroup(services: [sandbox], gracefulShutdownSignals: [], logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await sandboxGroup.run() }
                defer { Task { await sandboxGroup.triggerGracefulShutdown() } }
                let baseURL = try await sandbox.baseURL()
                print("PostgreSQL (throwaway): \(postgres.host):\(postgres.port)   Dixa sandbox: \(baseURL)/v1, two organisations\n")
                let database = try DatabaseSettings(url: postgres.url())
                let dixa = try DixaSettings(
                    baseURL: baseURL,
                    token: DixaToken(SandboxSeed.standardToken),
                    botAgentID: SandboxSeed.botAgentID,
                    rateBudget: .local
                )
                // A key of this run's own: tenants' tokens are stored sealed under it.
                let secretsKey = SecretsKey.generate()
                try await withOutbox(database, logger: logger) { store in
                    try await Migrator(client: store.client, logger: logger).migrate()
                    print("1. migrate: outbox tables created\n")
                    try await addTenant(store, dixa: dixa, key: secretsKey, logger: logger)
                    try await enqueueSamples(store)
                }
                // The same service graph `drain` builds, with a budget of this process's own.
                let settings = try ImporterSettings(
                    database: database,
                    dixa: dixa,
                    worker: try WorkerSettings(concurrency: 4),
                    secretsKey: secretsKey
                )
                let summary = try await ImporterServices(settings: settings, logger: logger).run(.drain())
                print("4. \(DrainSummary(summary).text)\n")
                try await withOutbox(database, logger: logger) { store in try await printOutcome(store) }
                printSandboxTraffic(await sandbox.recordedRequests(), organisations: organisations.map(\.name))
            }
        }
    }

    /// The second organisation, as `dixa-importer tenants add acme …` stores it: checked against Dixa first.
    private func addTenant(_ store: OutboxStore, dixa: DixaSettings, key: SecretsKey, logger: Logger) async throws {
        let acme = SandboxOrganizationIDs(number: 2)
        let tenant = TenantAdministration.TenantDefinition(
            name: "acme",
            token: DixaToken(acme.token),
            agentID: acme.botAgentID,
            queueID: acme.supportQueueID,
            baseURL: nil,
            rateLimit: nil,
            burst: nil
        )
        let checks = try await TenantAdministration(store: store, dixa: dixa, secretsKey: key, logger: logger).add(tenant)
        print("2. tenants add acme: \(checks.map { "\($0.passed ? "✓" : "✗") \($0.title)" }.joined(separator: ", "))")
        print("   its token is stored sealed (AES-GCM); rows with tenant = 'acme' go to the sandbox's \"\(acme.name)\"\n")
    }

    private func enqueueSamples(_ store: OutboxStore) async throws {
        let samples = String(decoding: PackageResources.samples_jsonl, as: UTF8.self)
        let lines = try await Enqueuer(store: store).enqueue(EnqueueInput.parse(samples))
        print("3. enqueue \(lines.count) sample transcripts, as a chatbot would (two for tenant acme):")
        for (line, item) in zip(lines, EnqueueInput.parse(samples)) {
            let tenant = (try? item.item.get().tenant) ?? nil
            let key = "\(tenant ?? Tenants.defaultName)/\(line.sourceKey ?? "?")"
            switch line.result {
            case .inserted: print("   \(key): queued")
            case .duplicate: print("   \(key): duplicate source_key, ignored (ON CONFLICT DO NOTHING)")
            case .refused(let reason): print("   \(key): REFUSED by the outbox: \(reason)")
            }
        }
        print("")
    }

    private func printOutcome(_ store: OutboxStore) async throws {
        let counts = try await store.stateCounts()
        print("5. outcome per state: " + counts.map { "\($0.state) \($0.count)" }.joined(separator: ", "))
        let rows = try await store.rowOverview()
        let width = rows.map { $0.tenant.count + $0.sourceKey.count + 1 }.max() ?? 10
        for row in rows {
            let name = "\(row.tenant)/\(row.sourceKey)"
            var line = "   \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(row.state)"
            if let conversation = row.conversationID { line += "  conversation \(conversation)" }
            if row.partialErrors > 0 { line += "  (\(row.partialErrors) partial error(s))" }
            if let error = row.lastError, row.state != "imported" { line += "  \(row.lastErrorCode ?? ""): \(error)" }
            print(line)
        }
        let partials = try await store.partialErrors()
        if !partials.isEmpty {
            print("\n   dixa_partial_errors:")
            for partial in partials { print("   - \(partial.tenant)/\(partial.sourceKey): [\(partial.source)] \(partial.message)") }
        }
        print("")
    }

    private func printSandboxTraffic(_ requests: [SandboxRecordedRequest], organisations: [String]) {
        print("6. the Dixa sandbox received \(requests.count) requests, each in the organisation of its token:")
        for organisation in organisations {
            let received = requests.filter { $0.organization == organisation }
            var counts: [String: Int] = [:]
            var order: [String] = []
            for request in received {
                let path = request.path.split(separator: "/").map { UUID(uuidString: String($0)) != nil || Int($0) != nil ? "{id}" : String($0) }
                let key = "\(request.method) /\(path.joined(separator: "/")) → \(request.status)"
                if counts[key] == nil { order.append(key) }
                counts[key, default: 0] += 1
            }
            print("   \"\(organisation)\": \(received.count)")
            for key in order { print("     \(counts[key]!) × \(key)") }
        }
    }
}
