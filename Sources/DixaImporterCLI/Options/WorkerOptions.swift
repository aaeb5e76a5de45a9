import ArgumentParser
import Foundation
import ImporterService

struct WorkerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Rows imported at once, claimed in batches of at most 32. PostgreSQL connections: up to this + 3 (at most 20), "
                + "and this ÷ 64 (2 to 8) for the shared rate budget; HTTP connections to Dixa: this (8 to 256). Many tenants "
                + "need many: 100 tenants at 10 requests/s each keep about 1,000 rows busy."
        )
    )
    var concurrency: Int = 4

    @Option(help: "Seconds a claimed row stays leased to this worker before another may take it over.")
    var lease: Double = 300

    @Option(help: "Seconds before the first retry of a transient failure; it doubles each attempt, with jitter.")
    var retryBase: Double = 10

    @Option(help: "The longest wait between retries, in seconds.")
    var retryMax: Double = 3600

    @Option(help: "Attempts before a row is dead (default: each row's max_attempts column, 8 unless set).")
    var maxAttempts: Int?

    @Option(help: "On SIGTERM/SIGINT, seconds rows in flight may take to finish before they are handed back. A second signal exits at once.")
    var shutdownGrace: Double = 25

    /// The worker's settings; `pollInterval` and `haltRecheck` are `run`'s own flags.
    func settings(pollInterval: Double = 10, haltRecheck: Double = 60) throws -> WorkerSettings {
        try WorkerSettings(
            concurrency: concurrency,
            lease: try .flag(lease, "--lease"),
            retryBase: try .flag(retryBase, "--retry-base"),
            retryMax: try .flag(retryMax, "--retry-max"),
            maxAttempts: maxAttempts,
            shutdownGrace: try .flag(shutdownGrace, "--shutdown-grace"),
            pollInterval: try .flag(pollInterval, "--poll-interval"),
            haltRecheck: try .flag(haltRecheck, "--halt-recheck")
        )
    }
}
