import Outbox
import Synchronization

/// The console's way to the database: every statement a page runs goes through `run`, which counts it, so a test can
/// hold each page's cost to a fixed number of statements on any table.
public final class ConsoleData: Sendable {
    let store: OutboxStore
    private let counter = Atomic<Int>(0)

    public init(store: OutboxStore) { self.store = store }

    /// Statements run since the console started.
    public var statements: Int { counter.load(ordering: .relaxed) }

    /// Runs one statement of `OutboxStore`'s console reads.
    func run<Result: Sendable>(_ statement: (OutboxStore) async throws -> Result) async throws -> Result {
        counter.add(1, ordering: .relaxed)
        return try await statement(store)
    }
}

/// How many rows each list shows at most: the LIMIT every list statement binds.
enum ConsoleLimits {
    static let stateGroups = 1000
    /// A day of minutes.
    static let chartMinutes = 24 * 60
    static let tenants = 500
    static let activeHalts = 50
    static let halts = 200
    static let deadRows = 200
    static let deadCodes = 100
    static let attempts = 200
    static let partialErrors = 200
    static let events = 500
    /// Rows one requeue may name: more than a page of dead rows shows.
    static let requeueIDs = 1000
}
