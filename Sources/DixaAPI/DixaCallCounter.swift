import Synchronization

/// Counts the HTTP requests sent to Dixa while it is bound with `DixaCallCounter.$current`,
/// so the importer can log the calls each row cost (retries of a 429 included).
public final class DixaCallCounter: Sendable {
    private let count = Mutex(0)

    public init() {}

    /// The counter of the current task, if any.
    @TaskLocal public static var current: DixaCallCounter?

    public var value: Int { count.withLock { $0 } }

    func increment() {
        count.withLock { $0 += 1 }
    }
}
