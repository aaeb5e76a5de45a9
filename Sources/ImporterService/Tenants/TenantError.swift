/// A tenant operation that cannot be done. Its `description` says why and what to do; it never holds a token or a
/// secret.
public struct TenantError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// The name is not one `dixa_tenants` accepts.
        public static let invalidName = Code("invalid_name")
        /// A tenant of that name exists.
        public static let exists = Code("exists")
        /// No tenant of that name exists.
        public static let notFound = Code("not_found")
        /// The default tenant is configured by the environment, not stored.
        public static let defaultTenant = Code("default_tenant")
        /// Dixa refused the token, or does not know the agent or the queue.
        public static let checkFailed = Code("check_failed")
        /// The tenant still has rows or reopen requests to finish.
        public static let unfinishedWork = Code("unfinished_work")

    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
