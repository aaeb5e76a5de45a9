import ArgumentParser

struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants",
        abstract: "Manages the Dixa organisations (tenants) one deployment imports into.",
        discussion: """
            A tenant is one Dixa organisation: its own API token, bot agent, escalation queue, end users, custom \
            attributes, webhooks and request budget. The chatbot names a row's tenant in dixa_outbox.tenant; a row that \
            names none belongs to the tenant `default`, configured by the environment (DIXA_API_TOKEN, DIXA_AGENT_ID, …) \
            exactly as without tenants. Other tenants are stored in dixa_tenants, their tokens sealed with AES-GCM under \
            the key in $DIXA_SECRETS_KEY_FILE, so a database dump holds only ciphertext.

            Once a second tenant exists, source_key is unique per tenant (the first `tenants add` builds the unique \
            index on (tenant, source_key) and drops the one on source_key alone): the chatbot writes \
            INSERT INTO dixa_outbox (tenant, source_key, kind, transcript) … ON CONFLICT DO NOTHING, which holds before \
            and after.

            Examples:
              dixa-importer tenants new-key > /etc/dixa-importer/secrets.key
              export DIXA_SECRETS_KEY_FILE=/etc/dixa-importer/secrets.key
              dixa-importer tenants add acme --token-file acme.token --agent-id 7e1c… --queue-id 2b4d…
              dixa-importer tenants list
              dixa-importer check --tenant acme
            """,
        subcommands: [
            TenantsAddCommand.self, TenantsListCommand.self, TenantsUpdateCommand.self, TenantsDisableCommand.self, TenantsEnableCommand.self,
            TenantsRemoveCommand.self, TenantsRotateKeyCommand.self, TenantsNewKeyCommand.self,
        ]
    )
}
