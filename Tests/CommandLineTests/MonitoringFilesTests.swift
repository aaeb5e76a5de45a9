import Foundation
import TestSupport
import Testing

/// deploy/monitoring: the Grafana dashboard and the Prometheus alert rules name only metrics the process exports.
@Suite("Monitoring files: the Grafana dashboard and the Prometheus alerts")
struct MonitoringFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every metric the process can export: the labels of every Counter, Gauge and Timer in the sources.
    static func exported() throws -> Set<String> {
        var names: Set<String> = []
        let sources = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /(?:Counter|Gauge|Timer|Recorder)\(label: "([a-z_]+)"/) { names.insert(String(match.output.1)) }
        }
        return names
    }

    /// The metric names an expression uses, a histogram's `_bucket`, `_sum` and `_count` series by the histogram's name.
    static func metrics(in expression: String) -> Set<String> {
        Set(
            expression.matches(of: /dixa_[a-z0-9_]+/).map { match in
                String(match.output).replacing(/_(bucket|sum|count)$/, with: "")
            }
        )
    }

    @Test("the process exports metrics under the names the files use (the list itself is not empty)")
    func exportedNames() throws {
        let names = try Self.exported()
        #expect(names.contains("dixa_importer_rows_imported_total") && names.contains("dixa_request_duration_seconds"))
        #expect(names.count >= 10)
    }

    @Test("every metric the dashboard's panels query is one the process exports; every panel has a query")
    func dashboard() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("deploy/monitoring/grafana-dashboard.json"))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        #expect(panels.count >= 8)
        let exported = try Self.exported()
        var used: Set<String> = []
        for panel in panels {
            let targets = panel["targets"] as? [[String: Any]] ?? []
            #expect(!targets.isEmpty, "panel \(panel["title"] ?? "?") queries nothing")
            for target in targets { used.formUnion(Self.metrics(in: target["expr"] as? String ?? "")) }
        }
        #expect(used.subtracting(exported).isEmpty, "the dashboard queries metrics the process does not export: \(used.subtracting(exported))")
        #expect(used.isSuperset(of: ["dixa_importer_rows_imported_total", "dixa_importer_tenant_halted", "dixa_requests_total"]))
    }

    @Test("the alert rules cover dying rows, a halt, an old backlog, 429s and no progress, with metrics the process exports")
    func alerts() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("deploy/monitoring/prometheus-alerts.yml"), encoding: .utf8)
        let alerts = text.matches(of: /- alert: ([A-Za-z]+)/).map { String($0.output.1) }
        #expect(
            Set(alerts).isSuperset(of: [
                "DixaImporterRowsDying", "DixaImporterTenantHalted", "DixaImporterBacklogOld", "DixaImporterRateLimited", "DixaImporterNoProgress",
            ])
        )
        let expressions = text.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("expr:") }
        #expect(expressions.count == alerts.count, "one expr per alert")
        let used = expressions.reduce(into: Set<String>()) { $0.formUnion(Self.metrics(in: String($1))) }
        let exported = try Self.exported()
        #expect(used.subtracting(exported).isEmpty, "the alerts use metrics the process does not export: \(used.subtracting(exported))")
        #expect(text.lowercased().contains("for a real deployment, change"))
    }
}
