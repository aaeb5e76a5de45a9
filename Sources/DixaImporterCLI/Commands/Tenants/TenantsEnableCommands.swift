import ArgumentParser
import ImporterService

struct TenantsDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Stops importing a tenant's rows: they wait, unclaimed, until it is enabled again.",
        discussion: """
            Rows already claimed finish their attempt. Running workers leave the tenant out within 10 seconds.

            Example:
              dixa-importer tenants disable acme
            """
    )

    @Argument(help: "The tenant to disable (`default` too).")
    var name: String

    @OptionGroup var store: TenantStoreOptions

    func run() async throws {
        try await store.withAdministration { try await $0.setEnabled(name, false) }
        print("disabled tenant \(name); its rows wait until `dixa-importer tenants enable \(name)`")
    }
}

struct TenantsEnableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Imports a disabled tenant's rows again.",
        discussion: """
            Example:
              dixa-importer tenants enable acme
            """
    )

    @Argument(help: "The tenant to enable.")
    var name: String

    @OptionGroup var store: TenantStoreOptions

    func run() async throws {
        try await store.withAdministration { try await $0.setEnabled(name, true) }
        print("enabled tenant \(name)")
    }
}
