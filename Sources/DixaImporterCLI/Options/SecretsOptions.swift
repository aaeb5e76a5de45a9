import ArgumentParser
import Foundation
import Secrets

/// Where the key that seals tenants' tokens and webhook secrets is read from. Never the key itself on the command line.
struct SecretsOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A file holding the 256-bit key that seals stored tenants' tokens and webhook secrets (default: $DIXA_SECRETS_KEY_FILE). "
                + "`dixa-importer tenants new-key` writes one.",
            valueName: "path"
        )
    )
    var secretsKeyFile: String?

    /// The key, or nil when none is configured. A configured file that holds no key is an error that names it.
    func key() throws -> SecretsKey? {
        guard let path = secretsKeyFile ?? ProcessInfo.processInfo.environment[SecretsKey.setting], !path.isEmpty else { return nil }
        return try SecretsKey.load(path: path)
    }
}
