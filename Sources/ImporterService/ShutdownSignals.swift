import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGTERM and SIGINT for `run`, `drain` and `webhooks serve`. The first starts the group's graceful shutdown; a
/// second exits at once (130), for an operator who cannot wait for the grace period. Rows still leased then return
/// when their lease expires.
///
/// Trap them first thing (`trap()`), before anything is built: a signal that arrives before the group runs waits in
/// the sequence and is acted on as soon as it does.
public struct ShutdownSignals: Sendable {
    let signals: UnixSignalsSequence

    public static func trap() async -> ShutdownSignals {
        ShutdownSignals(signals: await UnixSignalsSequence(trapping: .sigterm, .sigint))
    }

    /// Runs `group` until it ends, acting on the signals meanwhile.
    func run(_ group: ServiceGroup, logger: Logger) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                var received = 0
                for await signal in signals {
                    received += 1
                    if received >= 2 {
                        logger.warning("second signal: exiting at once; unfinished rows return when their lease expires")
                        exit(130)
                    }
                    logger.notice("\(signal): stopping claims and letting rows in flight finish")
                    await group.triggerGracefulShutdown()
                }
            }
            // The group ends first (the signal loop runs until cancelled); its error, if any, is the result.
            defer { tasks.cancelAll() }
            try await tasks.next()
        }
    }
}
