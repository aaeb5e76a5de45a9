import ArgumentParser
import Foundation
import ImporterService
import Outbox

struct TenantsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Lists the tenants: enabled or not, agent, queue, base URL, rate, rows waiting. Never a token.",
        discussion: """
            Example:
              dixa-importer tenants list --format csv
            """
    )

    @Option(help: "Output: table, csv or json.")
    var format: ReportTable.Format = .table

    @OptionGroup var store: TenantStoreOptions

    func run() async throws {
        let tenants = try await store.withAdministration { try await $0.list() }
        let rows = tenants.map { tenant -> [String] in
            let configured = tenant.isDefault ? "environment" : "stored"
            return [
                tenant.name, tenant.enabled ? "yes" : "no", configured,
                tenant.agentID?.uuidString.lowercased() ?? "", tenant.queueID?.uuidString.lowercased() ?? "", tenant.baseURL ?? "",
                tenant.rateLimit.map { "\($0)" } ?? "", tenant.burst.map(String.init) ?? "", String(tenant.waiting),
            ]
        }
        let table = ReportTable(
            columns: ["tenant", "enabled", "settings", "agent_id", "queue_id", "base_url", "rate_limit", "burst", "rows_waiting"],
            rows: rows
        )
        print(table.rendered(as: format))
    }
}
