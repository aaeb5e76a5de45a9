import DixaAPI

/// What a failed attempt means for its row (step 12): a pure function of the failure, the row's attempts and whether
/// its import request was on the wire (docs/ARCHITECTURE.md, "Errors: how a failure becomes a decision").
/// `RowProcessor` sorts the error (`RowFailure`); this decides.
struct RowFailurePolicy: Sendable {
    let rules: RowRules

    /// - Parameters:
    ///   - attempts: the row's attempts, this one included.
    ///   - maxAttempts: `RowRules.maxAttempts(of:)` for the row.
    ///   - importInFlight: the import request had gone out and no answer had come.
    func decision(for failure: RowFailure, attempts: Int, maxAttempts: Int, importInFlight: Bool) -> RowDecision {
        switch failure {
        case .shutdown:
            // The row goes back without burning an attempt (see `RowRules.handBackDelay`).
            return .release(
                code: .shutdown,
                message: "the worker shut down before the row finished",
                after: rules.handBackDelay(importInFlight: importInFlight)
            )
        case .halt(let halt):
            return .halt(halt)
        case .unknownQueue(let unknown):
            return unknown.decision
        case .budgetUnavailable(let error, let connectionLost):
            // Nothing was sent, so nothing waits.
            guard connectionLost else {
                return retryOrDead(.database, "database error: \(error)", status: nil, attempts, maxAttempts)
            }
            return .release(code: .databaseUnavailable, message: "the database connection was lost: \(error)", after: .zero)
        case .transferFoundNoConversation(let error):
            let limit = min(rules.transferNotFoundAttempts, maxAttempts)
            guard attempts < limit else {
                return .dead(
                    code: RowErrorCode(error),
                    message: "the transfer found no conversation after \(attempts) attempts: \(error.description)",
                    httpStatus: error.status
                )
            }
            return .retry(code: RowErrorCode(error), message: error.description, httpStatus: error.status, notBefore: .zero)
        case .dixa(let error):
            return decision(for: error, attempts: attempts, maxAttempts: maxAttempts)
        case .leaseLost:
            return .leaseLost
        case .connectionLost(let description):
            // Not the row's fault, so no attempt is burnt; an import on the wire waits as for a shutdown.
            return .release(
                code: .databaseUnavailable,
                message: "the database connection was lost mid-row: \(description)",
                after: rules.handBackDelay(importInFlight: importInFlight)
            )
        case .database(let description):
            return retryOrDead(.database, "database error: \(description)", status: nil, attempts, maxAttempts)
        }
    }

    private func decision(for error: DixaError, attempts: Int, maxAttempts: Int) -> RowDecision {
        let code = RowErrorCode(error)
        switch error.errorClass {
        case .configuration:
            return .halt(ConfigurationHalt(error, botAgentID: rules.botAgentID, names: rules.names))
        case .rateLimited:
            return .release(code: code, message: error.description, after: rules.rateLimitReleaseDelay)
        case .badRequest:
            return .dead(code: code, message: error.description, httpStatus: error.status)
        case .transient, .notFound, .staleRequester:
            // A request that timed out or lost its connection may still be running at Dixa. Looking for its
            // effect (the end user, the conversation) before it had as long again as we waited could miss it,
            // and create a second one.
            let ambiguous = error.code == .timeout || error.code == .transport
            let notBefore = ambiguous ? rules.requestTimeout : .zero
            return retryOrDead(code, error.description, status: error.status, attempts, maxAttempts, notBefore: notBefore)
        }
    }

    private func retryOrDead(
        _ code: RowErrorCode,
        _ message: String,
        status: Int?,
        _ attempts: Int,
        _ maxAttempts: Int,
        notBefore: Duration = .zero
    ) -> RowDecision {
        guard attempts < maxAttempts else {
            return .dead(code: code, message: "gave up after \(attempts) attempts: \(message)", httpStatus: status)
        }
        return .retry(code: code, message: message, httpStatus: status, notBefore: notBefore)
    }
}
