import ArgumentParser
import Foundation
import Importer

struct WorkerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Rows imported at once, claimed in batches of at most 32. PostgreSQL connections: up to this + 3 (at most 20), "
                + "and 2 for the shared rate budget."
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

    func configuration(botAgentID: UUID, requestTimeout: Double) throws -> ImporterConfiguration {
        guard concurrency >= 1 else { throw CommandError("--concurrency must be at least 1") }
        guard lease > requestTimeout * 2 else {
            throw CommandError("--lease (\(lease) s) must be more than twice --request-timeout (\(requestTimeout) s)")
        }
        guard retryBase > 0, retryMax >= retryBase else { throw CommandError("--retry-base must be positive and --retry-max at least --retry-base") }
        if let maxAttempts, maxAttempts < 1 { throw CommandError("--max-attempts must be at least 1") }
        guard shutdownGrace >= 0 else { throw CommandError("--shutdown-grace must not be negative") }
        return ImporterConfiguration(
            botAgentID: botAgentID,
            leaseDuration: .milliseconds(Int64(lease * 1000)),
            concurrency: concurrency,
            retry: RetryPolicy(
                base: .milliseconds(Int64(retryBase * 1000)),
                maximum: .milliseconds(Int64(retryMax * 1000)),
                maxAttempts: maxAttempts
            ),
            shutdownGrace: .milliseconds(Int64(shutdownGrace * 1000))
        )
    }
}

extension WorkerOptions {
    /// The group's own limit on a graceful shutdown: the grace period plus time to hand rows back.
    var groupShutdownLimit: Duration { .milliseconds(Int64(shutdownGrace * 1000)) + .seconds(15) }
}
