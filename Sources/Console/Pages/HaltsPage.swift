import Foundation
import Outbox

/// `/halts`: every configuration halt, newest first, with when it was over. One statement.
struct HaltsPage {
    struct Halt {
        let haltedAt: String
        let resolvedAt: String
        let tenant: String
        let worker: String
        let cause: String
        let remedy: String
    }

    let title = "Halts"
    let readOnly: Bool
    let tenant: String
    let halts: [Halt]

    static func load(_ data: ConsoleData, parameters: [String: String], settings: ConsoleSettings) async throws -> HaltsPage {
        let tenant = parameters["tenant"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if !tenant.isEmpty { try TenantName.check(tenant) }
        let halts = try await data.run { try await $0.consoleHalts(tenant: tenant.isEmpty ? nil : tenant, limit: ConsoleLimits.halts) }
        return HaltsPage(
            readOnly: settings.readOnly,
            tenant: tenant,
            halts: halts.map {
                Halt(
                    haltedAt: ConsoleFormat.time($0.haltedAt),
                    resolvedAt: $0.resolvedAt.map(ConsoleFormat.time) ?? "not over",
                    tenant: $0.tenant,
                    worker: $0.worker,
                    cause: $0.cause,
                    remedy: $0.remedy
                )
            }
        )
    }
}

/// A refused or failed request, as a page.
struct ErrorPage {
    let title: String
    let readOnly: Bool
    let status: Int
    let message: String
}
