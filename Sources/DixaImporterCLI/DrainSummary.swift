import Importer

/// What `drain` prints when it ends: the totals, a line per tenant when it worked for more than one, and every halted
/// tenant with what to fix.
struct DrainSummary {
    let summary: WorkerSummary

    init(_ summary: WorkerSummary) { self.summary = summary }

    var text: String {
        var lines = [
            "drain: imported \(summary.imported), retrying \(summary.retried), dead \(summary.dead), handed back \(summary.released), "
                + "Dixa calls \(summary.dixaCalls)"
        ]
        let tenants = Set(summary.tenants.keys).union(summary.halts.keys)
        if tenants.count > 1 {
            for name in tenants.sorted() {
                let counts = summary.tenants[name] ?? TenantCounts()
                lines.append(
                    "  \(name): imported \(counts.imported), retrying \(counts.retried), dead \(counts.dead), handed back \(counts.released)"
                        + (summary.halts[name] == nil ? "" : ", halted")
                )
            }
        }
        for (_, halt) in summary.halts.sorted(by: { $0.key < $1.key }) {
            lines.append("halted: \(halt)")
        }
        return lines.joined(separator: "\n")
    }
}
