/// A sealed secret that cannot be sealed or opened. Its `description` names the setting to fix and never holds a key,
/// a token or a secret.
public struct SecretsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// No key is configured, and a secret needs one.
        public static let keyMissing = Code("key_missing")
        /// The key file cannot be read.
        public static let keyUnreadable = Code("key_unreadable")
        /// The key file holds no 256-bit key.
        public static let keyInvalid = Code("key_invalid")
        /// A secret was sealed under another key than the one configured.
        public static let wrongKey = Code("wrong_key")
        /// A sealed value is damaged, or was moved to another tenant's row.
        public static let corrupt = Code("corrupt")

    }

    public let code: Code
    /// What is wrong and what to do, naming the setting.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
