import ArgumentParser
import Foundation
import ImporterService
import Secrets

struct TenantsRotateKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-key",
        abstract: "Seals every tenant token and webhook secret under a new key, in one transaction.",
        discussion: """
            Opens each secret with the current key ($DIXA_SECRETS_KEY_FILE or --secrets-key-file) and seals it under \
            the key in --new-key-file; either every secret is under the new key afterwards, or none is. Webhook \
            secrets the default tenant kept as text are sealed too. Then point DIXA_SECRETS_KEY_FILE at the new file \
            and restart the workers; until then they cannot open the tenants' tokens.

            Example:
              dixa-importer tenants new-key > /etc/dixa-importer/secrets.key.new
              dixa-importer tenants rotate-key --new-key-file /etc/dixa-importer/secrets.key.new
            """
    )

    @Option(help: ArgumentHelp("The file holding the new key.", valueName: "path"))
    var newKeyFile: String

    @OptionGroup var store: TenantStoreOptions

    func run() async throws {
        let newKey = try SecretsKey.load(path: newKeyFile)
        let count = try await store.withAdministration { try await $0.rotateKey(to: newKey) }
        print("sealed \(count) secrets under \(newKey); now set DIXA_SECRETS_KEY_FILE=\(newKeyFile) and restart the workers")
    }
}

struct TenantsNewKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-key",
        abstract: "Prints a new random 256-bit secrets key, as 64 hexadecimal digits, for DIXA_SECRETS_KEY_FILE.",
        discussion: """
            Write it to a file only the importer can read, and keep a copy where you keep other keys: without it, \
            stored tenants' tokens cannot be opened.

            Example:
              (umask 077; dixa-importer tenants new-key > /etc/dixa-importer/secrets.key)
            """
    )

    func run() throws {
        print(SecretsKey.generate().hex)
    }
}
