/// A setting that cannot be used, named the way an operator sets it. Its `description` is log-safe: it never holds
/// a token, a secret or a database password.
public struct SettingsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong with the settings.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// A setting that has no value and no default (`DATABASE_URL`, the token, the bot agent).
        public static let missing = Code("missing")
        /// A value that cannot be used on its own (a negative timeout, a port out of range).
        public static let invalid = Code("invalid")
        /// Values that are fine alone but not together (a lease shorter than two request timeouts).
        public static let inconsistent = Code("inconsistent")

    }

    public let code: Code
    /// What is wrong and what to set instead.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
