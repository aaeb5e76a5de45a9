/// One of the SQL reports in `sql/reports/`, runnable as-is with `psql -f` and by `dixa-importer report`.
public struct Report: Sendable, Hashable {
    public let name: String
    /// The file's text, psql meta-commands and all.
    public let file: SQLFile
    /// The psql variables it reads (`:'since'`), each with the default it sets, or nil when required.
    public let parameters: [Parameter]

    public struct Parameter: Sendable, Hashable {
        public let name: String
        public let defaultValue: String?
    }

    /// The first comment line after `-- Report: `, e.g. "backlog. What is waiting, and for how long?".
    public var summary: String {
        file.text.split(separator: "\n").first { $0.hasPrefix("-- Report: ") }.map { String($0.dropFirst("-- Report: ".count)) } ?? name
    }

    /// Every report takes `tenant`: empty (the default) for every tenant, else that tenant's rows alone.
    static let tenant = Parameter(name: "tenant", defaultValue: "")

    /// Every report, in the order `report` with no name runs them.
    public static let all: [Report] = [
        Report(
            name: "backlog",
            file: SQLFile("backlog", PackageResources.backlog_sql),
            parameters: [tenant, Parameter(name: "rate_limit", defaultValue: "10")]
        ),
        Report(name: "failures", file: SQLFile("failures", PackageResources.failures_sql), parameters: [tenant]),
        Report(
            name: "partial_errors",
            file: SQLFile("partial_errors", PackageResources.partial_errors_sql),
            parameters: [Parameter(name: "since", defaultValue: "7 days"), tenant]
        ),
        Report(
            name: "throughput",
            file: SQLFile("throughput", PackageResources.throughput_sql),
            parameters: [Parameter(name: "since", defaultValue: "24 hours"), tenant]
        ),
        Report(
            name: "calls",
            file: SQLFile("calls", PackageResources.calls_sql),
            parameters: [Parameter(name: "since", defaultValue: "24 hours"), tenant]
        ),
        Report(
            name: "row_history",
            file: SQLFile("row_history", PackageResources.row_history_sql),
            parameters: [Parameter(name: "source_key", defaultValue: nil), tenant]
        ),
        Report(name: "halts", file: SQLFile("halts", PackageResources.halts_sql), parameters: [tenant]),
    ]

    public static func named(_ name: String) -> Report? {
        all.first { $0.name == name }
    }
}
