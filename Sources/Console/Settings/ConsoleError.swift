/// Why the console refuses to start, or a request. Its `description` is log-safe and shown on error pages: it never
/// holds a credential, a token or a secret.
public struct ConsoleError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// Settings that would expose the console: no authentication, or `--no-auth` off loopback.
        public static let unauthenticated = Code("unauthenticated")
        /// A setting that cannot be used (a port out of range, a malformed credential).
        public static let invalid = Code("invalid")
        /// A request with a value the console cannot use (a filter, a row id): 400.
        public static let badRequest = Code("bad_request")
        /// A row or page that does not exist: 404.
        public static let notFound = Code("not_found")
        /// A state-changing request refused: read-only, a foreign Origin, no CSRF token: 403.
        public static let forbidden = Code("forbidden")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
