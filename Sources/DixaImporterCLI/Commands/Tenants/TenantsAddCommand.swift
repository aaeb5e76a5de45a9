import ArgumentParser
import ImporterService

struct TenantsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Checks a Dixa organisation's token and bot agent, then stores it as a tenant.",
        discussion: """
            Asks Dixa first, with the tenant's own token: is the token accepted, does the agent exist, does the queue \
            exist (when given)? Stores nothing when any answer is no. The token is sealed under \
            $DIXA_SECRETS_KEY_FILE before it is stored, and never printed. With the first tenant besides `default`, \
            source keys become unique per tenant (see `dixa-importer tenants --help`).

            Example:
              dixa-importer tenants add acme --token-file /run/secrets/acme-dixa --agent-id 7e1c… --queue-id 2b4d…
            """
    )

    @Argument(help: "The tenant's name: lower-case letters, digits, '-' and '_', as rows name it in dixa_outbox.tenant.")
    var name: String

    @OptionGroup var tenant: TenantSettingOptions
    @OptionGroup var store: TenantStoreOptions

    func validate() throws {
        guard tenant.tokenFile != nil, tenant.agentID != nil else { throw ValidationError("tenants add needs --token-file and --agent-id") }
    }

    func run() async throws {
        guard let token = try tenant.token(), let agent = try tenant.agent() else { return }
        let new = TenantAdministration.TenantDefinition(
            name: name,
            token: token,
            agentID: agent,
            queueID: try tenant.queue(),
            baseURL: tenant.dixaBaseURL,
            rateLimit: tenant.rateLimit,
            burst: tenant.burst
        )
        try await store.withAdministration { administration in
            try await reportingChecks { try await administration.add(new) }
        }
        print("added tenant \(name); rows with tenant = '\(name)' are imported into its organisation")
    }
}
