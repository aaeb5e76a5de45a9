import Foundation
import PostgresNIO

/// Why a report could not run.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension OutboxStore {
    /// Runs a report with the given psql variables (missing ones take the report's defaults). The file's psql
    /// meta-commands are skipped and every `:'name'` becomes a bound parameter, so values are never spliced in.
    public func run(_ report: Report, variables: [String: String] = [:]) async throws -> ReportTable {
        var values: [String] = []
        var positions: [String: Int] = [:]
        for parameter in report.parameters {
            guard let value = variables[parameter.name] ?? parameter.defaultValue else {
                throw ReportError(description: "report \(report.name) needs --\(parameter.name.replacingOccurrences(of: "_", with: "-"))")
            }
            values.append(value)
            positions[parameter.name] = values.count
        }
        let sql = Self.serverSQL(of: report.file.text, positions: positions)
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        let rows = try await self.rows(PostgresQuery(unsafeSQL: sql, binds: binds))
        guard let first = rows.first else {
            return ReportTable(columns: try await columns(of: sql, binds), rows: [])
        }
        let columns = first.map(\.columnName)
        let table = try rows.map { row in try row.map { try $0.decode(String?.self) ?? "" } }
        return ReportTable(columns: columns, rows: table)
    }

    /// The column names of a query that returned no rows, from a second run wrapped to return one NULL row.
    private func columns(of sql: String, _ binds: PostgresBindings) async throws -> [String] {
        let body = sql.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: ";"))
        let wrapped = "SELECT r.* FROM (SELECT 1) AS one LEFT JOIN (\(body)) AS r ON false"
        let rows = try await self.rows(PostgresQuery(unsafeSQL: wrapped, binds: binds))
        return rows.first.map { $0.map(\.columnName) } ?? []
    }

    /// The file as the server can run it: psql meta-command lines dropped, `:'name'` replaced by `$n`.
    static func serverSQL(of text: String, positions: [String: Int]) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("\\") { continue }
            var line = String(line)
            for (name, position) in positions {
                line = line.replacingOccurrences(of: ":'\(name)'", with: "$\(position)")
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
