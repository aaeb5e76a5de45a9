import ArgumentParser
import DixaAPI
import Foundation
import Importer
import ImporterService
import Logging
import Outbox

/// What a stored tenant is set up with: its token (from a file, never a flag), agent, queue, base URL and rate.
struct TenantSettingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A file holding the tenant's Dixa API token.", valueName: "path"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("The tenant's bot user's agent id in its Dixa organisation.", valueName: "uuid"))
    var agentID: String?

    @Option(help: ArgumentHelp("Where the tenant's escalations go when their transcript names no queueId.", valueName: "uuid"))
    var queueID: String?

    @Option(help: ArgumentHelp("The tenant's Dixa base URL (default: the deployment's, $DIXA_BASE_URL or https://dev.dixa.io).", valueName: "url"))
    var dixaBaseURL: String?

    @Option(help: "The tenant's limit in requests per second, for every process together (default: Dixa's 10 per token); 98 % of it is sent.")
    var rateLimit: Double?

    @Option(help: "The tenant's burst (default: Dixa's 4).")
    var burst: Int?

    func token() throws -> DixaToken? {
        guard let tokenFile else { return nil }
        guard let contents = FileManager.default.contents(atPath: tokenFile) else {
            throw CommandError("cannot read the token file \(tokenFile)")
        }
        let token = DixaToken(String(decoding: contents, as: UTF8.self))
        guard !token.isEmpty else { throw CommandError("the token file \(tokenFile) is empty") }
        return token
    }

    func agent() throws -> UUID? { try Self.uuid(agentID, "--agent-id") }
    func queue() throws -> UUID? { try Self.uuid(queueID, "--queue-id") }

    static func uuid(_ text: String?, _ flag: String) throws -> UUID? {
        guard let text else { return nil }
        guard let id = UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) else {
            throw CommandError("\(flag) is not a UUID: \(text.prefix(60))")
        }
        return id
    }
}

/// The database, the secrets key and logging, which every `tenants` command needs.
struct TenantStoreOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var secrets: SecretsOptions
    @OptionGroup var logging: LoggingOptions

    /// Runs `body` with the tenant administration on a migrated database.
    func withAdministration<Result: Sendable>(_ body: @Sendable (TenantAdministration) async throws -> Result) async throws -> Result {
        let logger = logging.bootstrap()
        let key = try secrets.key()
        let environment = ProcessInfo.processInfo.environment
        let dixa = try DixaSettings(baseURL: environment["DIXA_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? DixaClientConfiguration.defaultBaseURL)
        return try await withOutbox(try database.settings(), logger: logger) { store in
            try await requireMigrated(store, logger: logger)
            return try await body(TenantAdministration(store: store, dixa: dixa, secretsKey: key, logger: logger))
        }
    }
}

/// Prints checks one line each, ✓ or ✗, with what to do under a ✗.
func printChecks(_ checks: [ConfigurationCheck.Result], indent: String = "") {
    for check in checks {
        print("\(indent)\(check.passed ? "✓" : "✗") \(check.title)" + (check.detail.isEmpty ? "" : "\n\(indent)    → \(check.detail)"))
    }
}

/// Runs a tenant change; when Dixa refused it, prints the checks and fails, saying nothing was stored.
func reportingChecks(_ change: () async throws -> [ConfigurationCheck.Result]) async throws {
    do {
        printChecks(try await change())
    } catch let failed as TenantCheckFailed {
        printChecks(failed.checks)
        throw CommandError(failed.description)
    }
}
