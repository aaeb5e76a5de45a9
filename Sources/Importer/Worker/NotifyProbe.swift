import Synchronization

/// Remembers whether the start-up probe notification came back.
final class NotifyProbe: Sendable {
    let payload: String
    private let arrived = Mutex(false)

    init(payload: String) {
        self.payload = payload
    }

    func received(_ payload: String) {
        if payload == self.payload {
            arrived.withLock { $0 = true }
        }
    }

    /// Polls until the probe arrived or `deadline` passed.
    func wait(until deadline: ContinuousClock.Instant) async -> Bool {
        while ContinuousClock.now < deadline {
            if arrived.withLock({ $0 }) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return arrived.withLock { $0 }
    }
}
