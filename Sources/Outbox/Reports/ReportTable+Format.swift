import Foundation

extension ReportTable {
    /// How `report` prints a table.
    public enum Format: String, Sendable, CaseIterable {
        /// Aligned columns, like psql's.
        case table
        /// RFC 4180 CSV with a header line.
        case csv
        /// One JSON array of objects, keys in column order.
        case json
    }

    public func rendered(as format: Format) -> String {
        switch format {
        case .table: alignedText()
        case .csv: csv()
        case .json: json()
        }
    }

    private func alignedText() -> String {
        let widths = columns.indices.map { index in
            ([columns[index]] + rows.map { $0[index] }).map { $0.count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var lines = [line(columns), widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-")]
        lines += rows.map(line)
        lines.append("(\(rows.count) row\(rows.count == 1 ? "" : "s"))")
        return lines.joined(separator: "\n")
    }

    private func csv() -> String {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return ([columns] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n")
    }

    private func json() -> String {
        func quoted(_ text: String) -> String {
            let data = try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])
            return data.map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        }
        let objects = rows.map { row in
            "{" + zip(columns, row).map { "\(quoted($0)): \(quoted($1))" }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]"
    }
}
