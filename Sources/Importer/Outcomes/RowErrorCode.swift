import DixaAPI

/// Why an attempt did not import its row: the `last_error_code` of `dixa_outbox` and the `error_code` of
/// `dixa_outbox_attempts`, the `reason` of the released-rows metric. Operators filter on these words with SQL, so
/// they never change; new ones may be added.
public struct RowErrorCode: Hashable, Sendable, CustomStringConvertible {
    private enum Base: String, Hashable, Sendable, CaseIterable {
        case abandoned
        case invalidTranscript = "invalid_transcript"
        case shutdown
        case configuration
        case database
        case databaseUnavailable = "database_unavailable"
        case unknownQueue = "unknown_queue"
        case timeout
        case network
        case invalidResponse = "invalid_response"
        case serverError = "server_error"
        case rateLimited = "rate_limited"
        case staleRequester = "stale_requester"
        case badRequest = "bad_request"
        case notFound = "not_found"
    }
    private let base: Base
    private init(_ base: Base) { self.base = base }

    /// Claimed more than `max_attempts` times without finishing: its workers died or lost the lease each time.
    public static let abandoned = RowErrorCode(.abandoned)
    /// The transcript breaks a rule of the outbox check (`Transcript.parse`).
    public static let invalidTranscript = RowErrorCode(.invalidTranscript)
    /// The worker shut down before the row finished; handed back.
    public static let shutdown = RowErrorCode(.shutdown)
    /// A configuration halt; handed back.
    public static let configuration = RowErrorCode(.configuration)
    /// The database failed a statement (not a lost connection).
    public static let database = RowErrorCode(.database)
    /// The database connection was lost; handed back.
    public static let databaseUnavailable = RowErrorCode(.databaseUnavailable)
    /// The row's own `queueId` is not a queue Dixa knows.
    public static let unknownQueue = RowErrorCode(.unknownQueue)
    /// Dixa did not answer within the request timeout.
    public static let timeout = RowErrorCode(.timeout)
    /// The connection to Dixa failed.
    public static let network = RowErrorCode(.network)
    /// Dixa answered success with a body its OpenAPI file does not describe.
    public static let invalidResponse = RowErrorCode(.invalidResponse)
    /// A 5xx.
    public static let serverError = RowErrorCode(.serverError)
    /// A 429 that outlasted the client's waits.
    public static let rateLimited = RowErrorCode(.rateLimited)
    /// Dixa no longer knows the cached requester.
    public static let staleRequester = RowErrorCode(.staleRequester)
    /// Any other 4xx: the request will never succeed as it is.
    public static let badRequest = RowErrorCode(.badRequest)
    /// A 404 on something that should exist.
    public static let notFound = RowErrorCode(.notFound)

    /// Every code, for documentation and tests.
    static let all: [RowErrorCode] = Base.allCases.map(RowErrorCode.init)

    /// The word stored in the database.
    public var description: String { base.rawValue }

    /// The code a failed Dixa request is filed under.
    init(_ error: DixaError) {
        switch error.code {
        case .timeout: self = .timeout
        case .transport: self = .network
        case .invalidResponse: self = .invalidResponse
        default:
            switch error.errorClass {
            case .transient: self = .serverError
            case .rateLimited: self = .rateLimited
            case .staleRequester: self = .staleRequester
            case .configuration: self = .configuration
            case .badRequest: self = .badRequest
            case .notFound: self = .notFound
            }
        }
    }
}
