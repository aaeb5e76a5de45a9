import Foundation

/// What one attempt at a row did, written to `dixa_outbox_attempts` together with the row's new state.
public struct AttemptRecord: Sendable {
    public let worker: String
    public let startedAt: Date
    /// Dixa requests made during this attempt.
    public let dixaCalls: Int
    /// How many of them Dixa answered 429.
    public let rateLimited: Int
    public let errorCode: String?
    public let httpStatus: Int?
    public let message: String?

    public init(
        worker: String,
        startedAt: Date,
        dixaCalls: Int,
        rateLimited: Int = 0,
        errorCode: String? = nil,
        httpStatus: Int? = nil,
        message: String? = nil
    ) {
        self.worker = worker
        self.startedAt = startedAt
        self.dixaCalls = dixaCalls
        self.rateLimited = rateLimited
        self.errorCode = errorCode
        self.httpStatus = httpStatus
        self.message = message
    }
}
