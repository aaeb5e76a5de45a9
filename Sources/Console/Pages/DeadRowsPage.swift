import Foundation
import Outbox

/// `/dead`: dead rows filtered by tenant, error code and age, with forms to requeue them (none when read-only). Two
/// statements: the rows and the codes for the filter.
struct DeadRowsPage {
    struct Row {
        let id: Int64
        let tenant: String
        let sourceKey: String
        let code: String
        let error: String
        let attempts: Int
        let diedAt: String
    }

    struct Code {
        let code: String
        let label: String
        let rows: Int
        let selected: Bool
    }

    let title = "Dead rows"
    let readOnly: Bool
    let actions: Bool
    let csrf: String
    let tenant: String
    let age: String
    let codes: [Code]
    let rows: [Row]
    let shown: Int
    let capped: Bool
    let hasRows: Bool
    let requeued: String?

    /// The filter as the query string gives it: `tenant`, `code` and `age` (`30m`, `2h`, `1d`), each optional.
    struct Query {
        let filter: ConsoleRecords.DeadFilter
        let tenant: String
        let code: String
        let age: String
        let requeued: Int?

        init(_ parameters: [String: String]) throws(ConsoleError) {
            tenant = parameters["tenant"]?.trimmingCharacters(in: .whitespaces) ?? ""
            code = parameters["code"] ?? ""
            age = parameters["age"]?.trimmingCharacters(in: .whitespaces) ?? ""
            if !tenant.isEmpty { try TenantName.check(tenant) }
            guard code.count <= 100 else { throw ConsoleError(.badRequest, "code: an error code has at most 100 characters") }
            let minutes: Int64? = age.isEmpty ? nil : try Self.minutes(age)
            if let text = parameters["requeued"] {
                guard let count = Int(text), count >= 0 else { throw ConsoleError(.badRequest, "requeued must be a count") }
                requeued = count
            } else {
                requeued = nil
            }
            filter = ConsoleRecords.DeadFilter(
                tenant: tenant.isEmpty ? nil : tenant,
                errorCode: code.isEmpty ? nil : code,
                minimumAgeMinutes: minutes
            )
        }

        /// `45m`, `6h`, `2d`, or a number of minutes.
        static func minutes(_ text: String) throws(ConsoleError) -> Int64 {
            let units: [Character: Int64] = ["m": 1, "h": 60, "d": 1440]
            var digits = Substring(text)
            var unit: Int64 = 1
            if let last = text.last, let multiplier = units[last] {
                digits = text.dropLast()
                unit = multiplier
            }
            guard let value = Int64(digits), value >= 0, value <= 3_650 * 1440 / unit else {
                throw ConsoleError(.badRequest, "age \"\(text)\" is not an age: write minutes, hours or days, e.g. 45m, 6h or 2d")
            }
            return value * unit
        }
    }

    static func load(_ data: ConsoleData, query: Query, settings: ConsoleSettings, csrf: String) async throws -> DeadRowsPage {
        let rows = try await data.run { try await $0.consoleDeadRows(query.filter, limit: ConsoleLimits.deadRows) }
        let codes = try await data.run { try await $0.consoleDeadCodes(limit: ConsoleLimits.deadCodes) }
        return DeadRowsPage(
            readOnly: settings.readOnly,
            actions: !settings.readOnly,
            csrf: csrf,
            tenant: query.tenant,
            age: query.age,
            codes: codes.map {
                Code(code: $0.code, label: $0.code.isEmpty ? "(none)" : $0.code, rows: $0.rows, selected: $0.code == query.code)
            },
            rows: rows.map {
                Row(
                    id: $0.id,
                    tenant: $0.tenant,
                    sourceKey: $0.sourceKey,
                    code: $0.errorCode ?? "",
                    error: $0.error ?? "",
                    attempts: $0.attempts,
                    diedAt: ConsoleFormat.time($0.diedAt)
                )
            },
            shown: rows.count,
            capped: rows.count == ConsoleLimits.deadRows,
            hasRows: !rows.isEmpty,
            requeued: query.requeued.map(String.init)
        )
    }
}

/// A tenant's name as `dixa_tenants` allows it, checked before it reaches a statement or a link.
enum TenantName {
    static func check(_ name: String) throws(ConsoleError) {
        let allowed = name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D }
        guard !name.isEmpty, name.count <= 63, allowed, name.first != "_", name.first != "-" else {
            throw ConsoleError(.badRequest, "tenant: not a tenant name (lowercase letters, digits, _ and -, at most 63)")
        }
    }
}
