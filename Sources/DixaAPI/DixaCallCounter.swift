import Synchronization

/// Counts the HTTP requests sent to Dixa while it is bound with `DixaCallCounter.$current`,
/// so the importer can log the calls each row cost (retries of a 429 included).
public final class DixaCallCounter: Sendable {
    private let counts = Mutex((calls: 0, rateLimited: 0))

    public init() {}

    /// The counter of the current task, if any.
    @TaskLocal public static var current: DixaCallCounter?

    public var value: Int { counts.withLock { $0.calls } }

    /// How many of the requests Dixa answered 429.
    public var rateLimited: Int { counts.withLock { $0.rateLimited } }

    func increment() {
        counts.withLock { $0.calls += 1 }
    }

    func countRateLimited() {
        counts.withLock { $0.rateLimited += 1 }
    }
}
