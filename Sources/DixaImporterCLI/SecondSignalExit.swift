import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// The first SIGTERM or SIGINT starts the group's graceful shutdown; a second one exits at once, for an
/// operator who cannot wait for the grace period. Rows still leased then return when their lease expires.
/// Put it first in the group, so it is the last service shut down.
struct SecondSignalExit: Service, CustomStringConvertible {
    let logger: Logger
    var description: String { "signals" }

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        try await cancelWhenGracefulShutdown {
            var seen = 0
            for await signal in signals {
                seen += 1
                if seen >= 2 {
                    logger.warning("second \(signal): exiting at once; unfinished rows return when their lease expires")
                    exit(130)
                }
            }
        }
    }
}
