import Foundation
import Logging
import Outbox

/// Step 2: holds a LISTEN connection, reconnecting with backoff, and calls `wake` on every notification. The first
/// subscription is checked with a probe notification: behind a pooler in transaction mode (PgBouncer)
/// notifications never arrive, and the worker then says it relies on polling.
struct InsertListener: Sendable {
    let store: OutboxStore
    let configuration: ImporterConfiguration
    let logger: Logger

    /// Runs until cancelled, calling `wake` with each notification's payload.
    func run(wake: @escaping @Sendable (_ payload: String) -> Void) async {
        var backoff = Duration.milliseconds(250)
        let probe = NotifyProbe(payload: "probe:\(UUID().uuidString)")
        var probed = false
        while !Task.isCancelled {
            let subscribed = Flag()
            do {
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask {
                        try await self.store.listen(
                            onSubscribed: { subscribed.set() },
                            onNotify: { payload in
                                probe.received(payload)
                                wake(payload)
                            }
                        )
                    }
                    if !probed {
                        probed = true
                        group.addTask { await self.checkNotifications(probe, subscribed: subscribed) }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("LISTEN connection lost; polling until it is back", metadata: ["error": "\(String(reflecting: error).prefix(200))"])
            }
            if subscribed.isSet { backoff = .milliseconds(250) }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, DatabaseOutage.longestWait)
        }
    }

    private func checkNotifications(_ probe: NotifyProbe, subscribed: Flag) async {
        let deadline = ContinuousClock.now + configuration.notifyProbeTimeout
        while !subscribed.isSet, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        do {
            try await store.sendProbe(probe.payload)
        } catch {
            logger.warning("could not send the NOTIFY probe", metadata: ["error": "\(String(reflecting: error).prefix(200))"])
            return
        }
        if await probe.wait(until: deadline + configuration.notifyProbeTimeout) {
            logger.info("wake-up on INSERT works: the probe NOTIFY arrived")
        } else {
            logger.warning(
                "NOTIFY does not reach this worker (a pooler such as PgBouncer in transaction mode drops it); falling back to polling",
                metadata: ["poll_interval": "\(configuration.pollInterval)"]
            )
        }
    }
}
