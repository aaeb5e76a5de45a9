import ArgumentParser
import ImporterService

struct TenantsRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Removes a stored tenant that has nothing left to do.",
        discussion: """
            Refused while the tenant has rows pending or running, or reopen requests to send: nothing of its work \
            is lost. Its imported and dead rows stay, for the reports. New rows naming it are refused at INSERT.

            Example:
              dixa-importer tenants remove acme
            """
    )

    @Argument(help: "The tenant to remove.")
    var name: String

    @OptionGroup var store: TenantStoreOptions

    func run() async throws {
        try await store.withAdministration { try await $0.remove(name) }
        print("removed tenant \(name)")
    }
}
