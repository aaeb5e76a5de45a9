import Metrics
import Outbox

/// Every metric the worker reports, by name, in one place (README, "Metrics"), each with the tenant it counts. The Dixa
/// client reports its own requests (`dixa_requests_total`, `dixa_request_duration_seconds`); the budget its 429 waits
/// (`dixa_rate_limit_waits_total`).
enum WorkerMetrics {
    static func claimed(_ rows: Int, tenant: String) {
        Counter(label: "dixa_importer_rows_claimed_total", dimensions: [("tenant", tenant)]).increment(by: rows)
    }

    static func reclaimed(_ rows: Int, tenant: String) {
        Counter(label: "dixa_importer_leases_reclaimed_total", dimensions: [("tenant", tenant)]).increment(by: rows)
    }

    static func backlog(tenant: String, due: Int, oldestDueAge: Double) {
        Gauge(label: "dixa_importer_backlog_due_rows", dimensions: [("tenant", tenant)]).record(due)
        Gauge(label: "dixa_importer_oldest_due_age_seconds", dimensions: [("tenant", tenant)]).record(oldestDueAge)
    }

    /// 1 while the tenant is halted on a configuration problem, 0 once it is not.
    static func halted(tenant: String, _ halted: Bool) {
        Gauge(label: "dixa_importer_tenant_halted", dimensions: [("tenant", tenant)]).record(halted ? 1 : 0)
    }

    /// The outcome counters: rows imported, retried, dead and handed back, by error code.
    static func finished(_ outcome: RowOutcome, errorCode: String?, tenant: String) {
        let code = errorCode ?? "none"
        switch outcome {
        case .imported: Counter(label: "dixa_importer_rows_imported_total", dimensions: [("tenant", tenant)]).increment()
        case .retry: Counter(label: "dixa_importer_rows_retried_total", dimensions: [("tenant", tenant), ("error_code", code)]).increment()
        case .dead: Counter(label: "dixa_importer_rows_dead_total", dimensions: [("tenant", tenant), ("error_code", code)]).increment()
        case .released: Counter(label: "dixa_importer_rows_released_total", dimensions: [("tenant", tenant), ("reason", code)]).increment()
        }
    }
}
