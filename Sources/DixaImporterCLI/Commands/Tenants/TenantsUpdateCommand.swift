import ArgumentParser
import ImporterService

struct TenantsUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Changes a stored tenant's token, agent, queue, base URL or rate.",
        discussion: """
            Changes only what is given. A new token, agent, queue or base URL is checked against Dixa first, together \
            with what stays; nothing changes when Dixa says no. Running workers pick the change up within 10 seconds.

            Example:
              dixa-importer tenants update acme --token-file /run/secrets/acme-dixa-new
              dixa-importer tenants update acme --clear queue-id --clear rate-limit
            """
    )

    @Argument(help: "The tenant to change.")
    var name: String

    @Option(
        name: .customLong("clear"),
        help: ArgumentHelp(
            "Set an optional setting back to none: queue-id (no default queue), dixa-base-url (the deployment's), rate-limit or burst "
                + "(Dixa's 10 and 4). Repeatable.",
            valueName: "setting"
        )
    )
    var cleared: [TenantAdministration.ClearableSetting] = []

    @OptionGroup var tenant: TenantSettingOptions
    @OptionGroup var store: TenantStoreOptions

    func run() async throws {
        var change = TenantAdministration.TenantDefinition(
            name: name,
            token: try tenant.token(),
            agentID: try tenant.agent(),
            queueID: try tenant.queue(),
            baseURL: tenant.dixaBaseURL,
            rateLimit: tenant.rateLimit,
            burst: tenant.burst
        )
        change.cleared = Set(cleared)
        let frozen = change
        try await store.withAdministration { administration in
            try await reportingChecks { try await administration.update(frozen) }
        }
        print("updated tenant \(name)")
    }
}

extension TenantAdministration.ClearableSetting: ExpressibleByArgument {}
