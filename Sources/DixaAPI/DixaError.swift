/// How the importer should treat a failed Dixa request (docs/ARCHITECTURE.md, "Errors: how a failure becomes a decision").
public enum DixaErrorClass: String, Sendable, CustomStringConvertible {
    /// Network trouble, a timeout or a 5xx: retry later with backoff.
    case transient
    /// 429: wait and try again; not the row's fault.
    case rateLimited = "rate_limited"
    /// 400 `Requester does not exist`: the cached end user is stale; resolve it again.
    case staleRequester = "stale_requester"
    /// 401/403, `Agent does not exist`, `Unsupported ConversationChannel`, `Queue does not exist`:
    /// nothing will work until an operator fixes the configuration.
    case configuration
    /// Any other 4xx: this request will never succeed as it is.
    case badRequest = "bad_request"
    /// 404 on a resource we expected to exist.
    case notFound = "not_found"

    public var description: String { rawValue }
}

/// A failed Dixa request: the HTTP status (if an answer came), Dixa's `message`, and its class.
/// `description` is log-safe: it never contains the token or request bodies.
public struct DixaError: Error, Sendable, CustomStringConvertible {
    /// Where the failure happened.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case http
            case transport
            case timeout
            case invalidResponse = "invalid_response"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Dixa answered with an error status.
        public static let http = Code(.http)
        /// The connection failed or was reset.
        public static let transport = Code(.transport)
        /// No answer within the request timeout.
        public static let timeout = Code(.timeout)
        /// A success status with a body that is not what the OpenAPI file promises.
        public static let invalidResponse = Code(.invalidResponse)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The endpoint, e.g. `POST /v1/conversations/import`.
    public let endpoint: String
    /// The HTTP status, when Dixa answered.
    public let status: Int?
    /// Dixa's `message`, or a description of the transport failure.
    public let message: String
    /// Seconds from `Retry-After` on a 429, when Dixa sent one.
    public let retryAfterSeconds: Double?
    /// `message`, when it is one the importer acts on.
    public let knownMessage: DixaMessage?

    public init(
        code: Code,
        endpoint: String,
        status: Int? = nil,
        message: String,
        retryAfterSeconds: Double? = nil
    ) {
        self.code = code
        self.endpoint = endpoint
        self.status = status
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
        self.knownMessage = code == .http ? DixaMessage(message) : nil
    }

    /// The 400 messages that mean the importer's configuration, not the row, is wrong.
    static let configurationMessages: Set<DixaMessage> = [.agentDoesNotExist, .unsupportedChannel, .queueDoesNotExist]

    public var errorClass: DixaErrorClass {
        guard code == .http, let status else { return .transient }
        switch status {
        case 429: return .rateLimited
        case 401, 403: return .configuration
        case 404: return .notFound
        case 400 where knownMessage == .requesterDoesNotExist: return .staleRequester
        case 400 where knownMessage.map(Self.configurationMessages.contains) == true: return .configuration
        case 400..<500: return .badRequest
        default: return .transient
        }
    }

    /// What Dixa said, for a person: `POST /v1/conversations/import answered HTTP 400 Agent does not exist`.
    public var answer: String {
        "\(endpoint) answered \(status.map { "HTTP \($0) " } ?? "")\(message)"
    }

    public var description: String {
        let statusPart = status.map { "HTTP \($0) " } ?? ""
        return "\(endpoint): \(statusPart)\(message) [\(errorClass)]"
    }
}
