import Metrics
import Outbox

/// Every metric the worker reports, by name, in one place (README, "Metrics"). The Dixa client reports its own
/// requests (`dixa_requests_total`, `dixa_request_duration_seconds`, `dixa_rate_limit_waits_total`).
enum WorkerMetrics {
    static func claimed(_ rows: Int) {
        Counter(label: "dixa_importer_rows_claimed_total").increment(by: rows)
    }

    static func reclaimed(_ rows: Int) {
        Counter(label: "dixa_importer_leases_reclaimed_total").increment(by: rows)
    }

    static func backlog(due: Int, oldestDueAge: Double) {
        Gauge(label: "dixa_importer_backlog_due_rows").record(due)
        Gauge(label: "dixa_importer_oldest_due_age_seconds").record(oldestDueAge)
    }

    /// The outcome counters: rows imported, retried, dead and handed back, by error code.
    static func finished(_ outcome: RowOutcome, errorCode: String?) {
        let code = errorCode ?? "none"
        switch outcome {
        case .imported: Counter(label: "dixa_importer_rows_imported_total").increment()
        case .retry: Counter(label: "dixa_importer_rows_retried_total", dimensions: [("error_code", code)]).increment()
        case .dead: Counter(label: "dixa_importer_rows_dead_total", dimensions: [("error_code", code)]).increment()
        case .released: Counter(label: "dixa_importer_rows_released_total", dimensions: [("reason", code)]).increment()
        }
    }
}
