import DixaAPI
import Foundation
import TestSupport
import Testing

@testable import Importer
@testable import Outbox

/// `RowFailure` and `RowFailurePolicy`: what each failure means for the row, as a table. No database, no HTTP.
@Suite("What a failed attempt means for its row")
struct RowFailurePolicyTests {
    static let agent = UUID(uuidString: "2b1e6a52-9a8e-4d0f-8d0e-6a1f3b2c4d5e")!
    static let rules: RowRules = {
        var configuration = ImporterConfiguration(botAgentID: agent, rateLimitReleaseDelay: .seconds(5), transferNotFoundAttempts: 3)
        configuration.defaultQueueID = nil
        return RowRules(configuration, requestTimeout: .seconds(30))
    }()
    static let endpoint = "POST /v1/conversations/import"

    static func http(_ status: Int, _ message: String, endpoint: String = endpoint) -> DixaError {
        DixaError(code: .http, endpoint: endpoint, status: status, message: message)
    }

    /// A decision, reduced to what the table compares (messages are for people; their first words are checked).
    struct Outcome: Equatable, CustomStringConvertible {
        let kind: String
        let code: RowErrorCode?
        let delay: Duration?
        let messagePrefix: String

        init(_ kind: String, _ code: RowErrorCode? = nil, delay: Duration? = nil, _ messagePrefix: String = "") {
            self.kind = kind
            self.code = code
            self.delay = delay
            self.messagePrefix = messagePrefix
        }

        func matches(_ decision: RowDecision) -> Bool {
            switch decision {
            case .retry(let code, let message, _, let notBefore):
                return kind == "retry" && code == self.code && notBefore == delay && message.hasPrefix(messagePrefix)
            case .dead(let code, let message, _):
                return kind == "dead" && code == self.code && message.hasPrefix(messagePrefix)
            case .release(let code, let message, let after):
                return kind == "release" && code == self.code && after == delay && message.hasPrefix(messagePrefix)
            case .halt(let halt):
                return kind == "halt" && halt.cause.hasPrefix(messagePrefix)
            case .leaseLost:
                return kind == "leaseLost"
            case .imported:
                return false
            }
        }

        var description: String { "\(kind) \(code?.description ?? "") \(delay.map { "\($0)" } ?? "") \(messagePrefix)" }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let error: any Error & Sendable
        var cancelled = false
        var attempts = 1
        var maxAttempts = 8
        var inFlight = false
        let expected: Outcome
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "5xx, attempts left: retry now", error: http(503, "Service Unavailable"), expected: Outcome("retry", .serverError, delay: .zero)),
        Case(
            name: "5xx, last attempt: dead",
            error: http(503, "Service Unavailable"),
            attempts: 8,
            expected: Outcome("dead", .serverError, "gave up after 8 attempts")
        ),
        Case(
            name: "timeout: retry, not before a request timeout",
            error: DixaError(code: .timeout, endpoint: endpoint, message: "no answer"),
            expected: Outcome("retry", .timeout, delay: .seconds(30))
        ),
        Case(
            name: "connection failed: retry, not before a request timeout",
            error: DixaError(code: .transport, endpoint: endpoint, message: "reset"),
            expected: Outcome("retry", .network, delay: .seconds(30))
        ),
        Case(
            name: "an answer off the schema: retry now",
            error: DixaError(code: .invalidResponse, endpoint: endpoint, message: "bad"),
            expected: Outcome("retry", .invalidResponse, delay: .zero)
        ),
        Case(
            name: "429: hand back after the rate-limit delay",
            error: http(429, "Too Many Requests"),
            expected: Outcome("release", .rateLimited, delay: .seconds(5))
        ),
        Case(name: "other 400: dead at once", error: http(400, "Invalid channel"), expected: Outcome("dead", .badRequest)),
        Case(name: "401: halt", error: http(401, "Unauthorized"), expected: Outcome("halt", nil, "\(endpoint) answered HTTP 401")),
        Case(
            name: "Agent does not exist: halt",
            error: http(400, "Agent does not exist"),
            expected: Outcome("halt", nil, "\(endpoint) answered HTTP 400 Agent")
        ),
        Case(name: "Unsupported ConversationChannel: halt", error: http(400, "Unsupported ConversationChannel"), expected: Outcome("halt")),
        Case(
            name: "stale requester left over: retry",
            error: http(400, "Requester does not exist"),
            expected: Outcome("retry", .staleRequester, delay: .zero)
        ),
        Case(name: "404 elsewhere: retry", error: http(404, "Not Found"), expected: Outcome("retry", .notFound, delay: .zero)),
        Case(
            name: "transfer found no conversation, early: retry",
            error: TransferFoundNoConversation(error: http(404, "Not Found", endpoint: "PUT /v1/conversations/{id}/transfer/queue")),
            attempts: 2,
            expected: Outcome("retry", .notFound, delay: .zero)
        ),
        Case(
            name: "transfer found no conversation, third time: dead",
            error: TransferFoundNoConversation(error: http(404, "Not Found", endpoint: "PUT /v1/conversations/{id}/transfer/queue")),
            attempts: 3,
            expected: Outcome("dead", .notFound, "the transfer found no conversation after 3 attempts")
        ),
        Case(
            name: "transfer found no conversation with max attempts below the transfer limit: dead at max attempts",
            error: TransferFoundNoConversation(error: http(404, "Not Found", endpoint: "PUT /v1/conversations/{id}/transfer/queue")),
            attempts: 2,
            maxAttempts: 2,
            expected: Outcome("dead", .notFound)
        ),
        Case(name: "shutdown: hand back now", error: CancellationError(), cancelled: true, expected: Outcome("release", .shutdown, delay: .zero)),
        Case(
            name: "shutdown with the import on the wire: hand back after a request timeout",
            error: http(503, "whatever the cancellation surfaced as"),
            cancelled: true,
            inFlight: true,
            expected: Outcome("release", .shutdown, delay: .seconds(30))
        ),
        Case(name: "a cancelled subtask: shutdown", error: CancellationError(), expected: Outcome("release", .shutdown, delay: .zero)),
        Case(name: "lease lost", error: OutboxError(.leaseLost, "gone"), expected: Outcome("leaseLost")),
        Case(
            name: "connection lost: hand back now, no attempt burnt",
            error: OutboxError(.connectionLost, "closed"),
            expected: Outcome("release", .databaseUnavailable, delay: .zero, "the database connection was lost mid-row")
        ),
        Case(
            name: "connection lost with the import on the wire: after a request timeout",
            error: OutboxError(.connectionLost, "closed"),
            inFlight: true,
            expected: Outcome("release", .databaseUnavailable, delay: .seconds(30))
        ),
        Case(
            name: "the budget's connection lost: nothing was sent, hand back now even mid-import",
            error: RequestBudgetUnavailable(underlying: OutboxError(.connectionLost, "closed")),
            inFlight: true,
            expected: Outcome(
                "release",
                .databaseUnavailable,
                delay: .zero,
                "the database connection was lost: the request budget could not be reserved"
            )
        ),
        Case(
            name: "the budget's statement failed: retry as a database error",
            error: RequestBudgetUnavailable(underlying: OutboxError(.unexpectedResult, "odd")),
            expected: Outcome("retry", .database, delay: .zero, "database error: the request budget could not be reserved")
        ),
        Case(
            name: "a statement failed: retry as a database error",
            error: OutboxError(.unexpectedResult, "odd"),
            expected: Outcome("retry", .database, delay: .zero, "database error")
        ),
        Case(
            name: "a statement failed on the last attempt: dead",
            error: OutboxError(.unexpectedResult, "odd"),
            attempts: 8,
            expected: Outcome("dead", .database, "gave up after 8 attempts")
        ),
        Case(
            name: "no queue anywhere: halt",
            error: ConfigurationHalt.noQueue(TenantSettingNames(tenant: "default")),
            expected: Outcome("halt", nil, "an escalation names no queueId")
        ),
    ]

    @Test("decision", arguments: cases)
    func decision(_ example: Case) {
        let decision = RowFailurePolicy(rules: Self.rules).decision(
            for: RowFailure(example.error, cancelled: example.cancelled),
            attempts: example.attempts,
            maxAttempts: example.maxAttempts,
            importInFlight: example.inFlight
        )
        #expect(example.expected.matches(decision), "got \(decision)")
    }

    @Test("an unknown queue: the row's own queueId kills that row; the default queue halts the worker")
    func unknownQueue() {
        let error = Self.http(400, "Queue does not exist", endpoint: "PUT /v1/conversations/{id}/transfer/queue")
        #expect(UnknownQueue.matches(error))
        #expect(!UnknownQueue.matches(Self.http(400, "Queue does not exist.")))
        let queue = UUID()
        let own = UnknownQueue(queueID: queue, source: .rowQueueID, sourceKey: "k", conversationID: 7, error: error)
        let fallback = UnknownQueue(queueID: queue, source: .defaultQueueID, sourceKey: "k", conversationID: 7, error: error)
        let policy = RowFailurePolicy(rules: Self.rules)
        #expect(
            Outcome("dead", .unknownQueue, "Dixa does not know queue").matches(
                policy.decision(for: RowFailure(own, cancelled: false), attempts: 1, maxAttempts: 8, importInFlight: false)
            )
        )
        #expect(
            Outcome("halt", nil, "Dixa does not know queue").matches(
                policy.decision(for: RowFailure(fallback, cancelled: false), attempts: 1, maxAttempts: 8, importInFlight: false)
            )
        )
    }

    @Test("row error codes keep the words operators filter on")
    func errorCodeWords() {
        #expect(
            RowErrorCode.all.map(\.description).sorted() == [
                "abandoned", "bad_request", "configuration", "database", "database_unavailable", "invalid_response",
                "invalid_transcript", "network", "not_found", "rate_limited", "server_error", "shutdown", "stale_requester",
                "timeout", "unknown_queue",
            ]
        )
    }
}
