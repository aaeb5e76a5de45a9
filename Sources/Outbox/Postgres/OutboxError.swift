/// An error from the outbox. Its `description` is safe to log: it never contains bound values.
public struct OutboxError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case leaseLost = "lease_lost"
            case notMigrated = "not_migrated"
            case migrationFailed = "migration_failed"
            case unexpectedResult = "unexpected_result"
            case invalidConfiguration = "invalid_configuration"
            case connectionLost = "connection_lost"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The row's lease expired and somebody else claimed it; this worker must stop touching the row.
        public static let leaseLost = Code(.leaseLost)
        /// The database has no outbox tables yet.
        public static let notMigrated = Code(.notMigrated)
        /// A migration file failed to apply; nothing of it was committed.
        public static let migrationFailed = Code(.migrationFailed)
        /// A statement returned something the code did not expect.
        public static let unexpectedResult = Code(.unexpectedResult)
        /// A setting such as `DATABASE_URL` cannot be used.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The database connection closed while a statement was in flight; whether it took effect is unknown.
        public static let connectionLost = Code(.connectionLost)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// A log-safe explanation.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
