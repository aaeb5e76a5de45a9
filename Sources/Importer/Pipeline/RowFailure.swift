import DixaAPI
import Outbox

/// Why an attempt stopped before its row was imported (step 12), sorted from whatever was thrown. `init(_:cancelled:)` is the
/// one place errors are told apart; `RowFailurePolicy` decides what each means for the row.
enum RowFailure: Sendable {
    /// The worker is shutting down (the row's task was cancelled).
    case shutdown
    /// Nothing will work until an operator fixes the configuration.
    case halt(ConfigurationHalt)
    /// A transfer named a queue Dixa does not know.
    case unknownQueue(UnknownQueue)
    /// A transfer found no conversation: Dixa may not know one it has just created for a moment.
    case transferFoundNoConversation(DixaError)
    /// A Dixa request failed.
    case dixa(DixaError)
    /// The request budget's database failed before a request went out, so nothing was sent.
    case budgetUnavailable(RequestBudgetUnavailable, connectionLost: Bool)
    /// Another worker holds the row now.
    case leaseLost
    /// The database connection went away mid-row: not the row's fault.
    case connectionLost(String)
    /// A statement failed.
    case database(String)

    init(_ error: any Error, cancelled: Bool) {
        if cancelled {
            // Whatever the cancellation surfaced as.
            self = .shutdown
            return
        }
        switch error {
        case let halt as ConfigurationHalt: self = .halt(halt)
        case let unknown as UnknownQueue: self = .unknownQueue(unknown)
        case let notFound as TransferFoundNoConversation: self = .transferFoundNoConversation(notFound.error)
        case let error as RequestBudgetUnavailable:
            self = .budgetUnavailable(error, connectionLost: OutboxError.isConnectionLoss(error.underlying))
        case let error as DixaError: self = .dixa(error)
        case let error as OutboxError where error.code == .leaseLost: self = .leaseLost
        case is CancellationError: self = .shutdown
        case _ where OutboxError.isConnectionLoss(error): self = .connectionLost(String(String(reflecting: error).prefix(200)))
        default: self = .database(String(String(reflecting: error).prefix(300)))
        }
    }
}

/// A 404 from the transfer of a conversation this row created (`RowStep.transfer`).
struct TransferFoundNoConversation: Error, Sendable {
    let error: DixaError
}
