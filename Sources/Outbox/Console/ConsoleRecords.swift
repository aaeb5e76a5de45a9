import Foundation

/// What the console shows, as the console statements decode it. Text comes as stored, unescaped: the console escapes
/// it when it renders.
public enum ConsoleRecords {
    /// How many rows one tenant has in one state.
    public struct StateCount: Sendable, Equatable {
        public let tenant: String
        public let state: String
        public let rows: Int
    }

    /// One minute of the attempt log.
    public struct Minute: Sendable, Equatable {
        public let start: Date
        public let imported: Int
        public let dixaRequests: Int
        public let rateLimited: Int
    }

    /// A tenant's budget in use over the last minute.
    public struct BudgetUse: Sendable, Equatable {
        public let tenant: String
        public let enabled: Bool
        /// The stored rate; nil for `default`, whose rate the environment sets.
        public let rateLimit: Double?
        public let requestsLastMinute: Int
        public let rateLimitedLastMinute: Int
    }

    /// A configuration halt.
    public struct Halt: Sendable, Equatable {
        public let tenant: String
        public let worker: String
        public let haltedAt: Date
        /// nil while the halt is not over.
        public let resolvedAt: Date?
        public let cause: String
        public let remedy: String
    }

    /// A dead row as the dead rows page lists it.
    public struct DeadRow: Sendable, Equatable {
        public let id: Int64
        public let tenant: String
        public let sourceKey: String
        public let errorCode: String?
        /// At most 500 characters.
        public let error: String?
        public let attempts: Int
        public let diedAt: Date
    }

    /// An error code of dead rows, with how many.
    public struct DeadCode: Sendable, Equatable {
        /// Empty for rows with no code.
        public let code: String
        public let rows: Int
    }

    /// The dead rows page's filter; nil: no filter.
    public struct DeadFilter: Sendable, Equatable {
        public var tenant: String?
        public var errorCode: String?
        /// Dead for at least this many minutes.
        public var minimumAgeMinutes: Int64?

        public init(tenant: String? = nil, errorCode: String? = nil, minimumAgeMinutes: Int64? = nil) {
            self.tenant = tenant
            self.errorCode = errorCode
            self.minimumAgeMinutes = minimumAgeMinutes
        }
    }

    /// One row with its checkpoints.
    public struct Row: Sendable, Equatable {
        public let id: Int64
        public let tenant: String
        public let sourceKey: String
        public let kind: String
        public let lane: String
        public let state: String
        public let attempts: Int
        public let maxAttempts: Int
        public let runAt: Date
        public let createdAt: Date
        public let updatedAt: Date
        public let importedAt: Date?
        public let requesterID: UUID?
        public let importCreatedAt: Date?
        public let importSentAt: Date?
        public let conversationID: Int64?
        public let attributesDoneAt: Date?
        public let transferredAt: Date?
        public let transferredQueueID: UUID?
        public let lastErrorCode: String?
        public let lastError: String?
        /// The transcript as stored (JSON).
        public let transcript: String
    }

    /// One finished attempt of a row.
    public struct Attempt: Sendable, Equatable {
        public let attempt: Int
        public let worker: String
        public let startedAt: Date
        public let finishedAt: Date
        public let outcome: String
        public let errorCode: String?
        public let httpStatus: Int?
        public let message: String?
        public let dixaCalls: Int
        public let rateLimited: Int
    }

    /// A partial error of a row.
    public struct PartialError: Sendable, Equatable {
        public let source: String
        public let message: String
        public let conversationID: Int64?
        public let createdAt: Date
    }

    /// A webhook event of a conversation.
    public struct Event: Sendable, Equatable {
        public let eventID: UUID
        public let eventFQN: String
        public let authorName: String?
        public let authorType: String?
        public let text: String?
        public let eventTimestamp: Date?
        public let receivedAt: Date
        /// The outbox row of the conversation, when the view found one.
        public let outboxID: Int64?
    }
}
