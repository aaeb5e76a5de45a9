import ArgumentParser
import DixaAPI
import Foundation
import Importer
import ImporterService
import Logging
import Outbox

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Checks the configuration: database, token, bot agent, custom attributes, escalation queue.",
        discussion: """
            Answers, one line each with ✓ or ✗ and what to do: is the database reachable and migrated? Does Dixa \
            accept the token? Does the bot agent exist? Does every custom attribute used by pending rows exist? \
            Does the escalation queue exist, when one is set? Exits 1 on any ✗. Costs at most three Dixa requests \
            per tenant.

            Without --tenant it checks the default tenant (the environment's DIXA_API_TOKEN, DIXA_AGENT_ID, …); \
            --tenant NAME checks one stored tenant with its own token, --all-tenants every tenant.

            Examples:
              dixa-importer check && dixa-importer run
              dixa-importer check --tenant acme
              dixa-importer check --all-tenants
            """
    )

    @Option(help: "Check this tenant (default: the default tenant).")
    var tenant: String?

    @Flag(help: "Check every tenant, disabled ones too.")
    var allTenants = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var dixa: DixaOptions
    @OptionGroup var secrets: SecretsOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if tenant != nil && allTenants { throw ValidationError("give --tenant or --all-tenants, not both") }
    }

    func run() async throws {
        let logger = logging.bootstrap()
        let passed: Bool
        if tenant == nil && !allTenants {
            let settings = try dixa.settings()
            guard let defaultTenant = settings.defaultTenant, let client = settings.client else { return }
            let checked = Tenant(
                name: Tenants.defaultName,
                dixa: DixaClient(configuration: client, logger: logger),
                budget: RequestBudget(pacer: nil, logger: logger),
                botAgentID: defaultTenant.botAgentID,
                defaultQueueID: defaultTenant.defaultQueueID
            )
            let results = try await withOutbox(try database.settings(), logger: logger) { store in
                await ConfigurationCheck(store: store, tenant: checked).run()
            }
            printChecks(results)
            passed = results.allSatisfy(\.passed)
        } else {
            passed = try await checkTenants(logger: logger)
        }
        if !passed { throw ExitCode(1) }
    }

    /// `--tenant NAME` and `--all-tenants`: each tenant as the worker would build it, under a heading of its own.
    private func checkTenants(logger: Logger) async throws -> Bool {
        let key = try secrets.key()
        let settings = try dixa.settings(tenantsOnly: true)
        let only = tenant
        return try await withOutbox(try database.settings(), logger: logger) { store in
            try await requireMigrated(store, logger: logger)
            let snapshot = try await TenantAdministration(store: store, dixa: settings, secretsKey: key, logger: logger).tenantsToCheck()
            let names = Set(snapshot.tenants.map(\.name)).union(snapshot.unavailable.map(\.tenant))
            if let only, !names.contains(only) {
                throw CommandError("no tenant named \(only) that can be checked: `dixa-importer tenants list` shows them")
            }
            var passed = true
            for name in names.sorted() where only == nil || only == name {
                print("== tenant \(name)")
                if let checked = snapshot.tenants.first(where: { $0.name == name }) {
                    let results = await ConfigurationCheck(store: store, tenant: checked).run()
                    printChecks(results, indent: "  ")
                    passed = passed && results.allSatisfy(\.passed)
                } else if let problem = snapshot.unavailable.first(where: { $0.tenant == name }) {
                    print("  ✗ cannot be worked: \(problem.cause)\n      → \(problem.remedy)")
                    passed = false
                }
            }
            return passed
        }
    }
}
