import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The one handler of SIGTERM and SIGINT for `run` and `drain`, installed first thing, so no signal can arrive
/// while nobody listens: the first starts the group's graceful shutdown (or, if it comes before the group exists,
/// is remembered until it does); a second exits at once (130), for an operator who cannot wait for the grace
/// period. Rows still leased then return when their lease expires.
final class ShutdownSignals: Sendable {
    private struct State {
        var signals = 0
        var group: ServiceGroup?
    }
    private let state = Mutex(State())
    /// Kept only to keep the sources alive; written once in `init`, never read. Dispatch sources are thread-safe.
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.received(number) }
            source.resume()
            return source
        }
    }

    /// Hands the group over; a signal that came before is acted on now.
    func attach(_ group: ServiceGroup) {
        let pending = state.withLock { state -> Bool in
            state.group = group
            return state.signals > 0
        }
        if pending {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    private func received(_ number: Int32) {
        let (count, group) = state.withLock { state -> (Int, ServiceGroup?) in
            state.signals += 1
            return (state.signals, state.group)
        }
        if count >= 2 {
            logger.warning("second signal: exiting at once; unfinished rows return when their lease expires")
            exit(130)
        }
        logger.notice("signal \(number): stopping claims and letting rows in flight finish")
        if let group {
            Task { await group.triggerGracefulShutdown() }
        }
    }
}
