import DixaAPI
import Foundation
import Logging
import Outbox
import Synchronization

/// Writes each row's decision back with its attempt record (step 13 of the row's journey, docs/ARCHITECTURE.md),
/// keeps the worker's summary and its halt, and counts the outcome (step 14).
final class OutcomeRecorder: Sendable {
    let store: OutboxStore
    let roster: TenantRoster
    let completer: ImportCompleter
    let configuration: ImporterConfiguration
    let logger: Logger
    private let state = Mutex(WorkerSummary())

    init(store: OutboxStore, roster: TenantRoster, configuration: ImporterConfiguration, logger: Logger) {
        self.store = store
        self.roster = roster
        self.completer = ImportCompleter(store: store, worker: configuration.workerName)
        self.configuration = configuration
        self.logger = logger
    }

    /// The counts, and the tenants halted now.
    var summary: WorkerSummary {
        var summary = state.withLock { $0 }
        summary.halts = roster.halts
        return summary
    }

    func claimed(_ rows: Int) { state.withLock { $0.claimed += rows } }

    /// Writes `decision` for `row` under its lease, and counts it.
    func record(_ decision: RowDecision, for row: ClaimedRow, startedAt: Date, calls: Int, rateLimited: Int = 0) async {
        var metadata: Logger.Metadata = ["row": "\(row.lease.rowID)", "source_key": "\(row.sourceKey)", "attempt": "\(row.attempts)"]
        if row.tenant != Tenants.defaultName { metadata["tenant"] = "\(row.tenant)" }
        let attempt = { (code: RowErrorCode?, status: Int?, message: String?) in
            AttemptRecord(
                worker: self.configuration.workerName,
                startedAt: startedAt,
                dixaCalls: calls,
                rateLimited: rateLimited,
                errorCode: code?.description,
                httpStatus: status,
                message: message
            )
        }
        let (outcome, record): (RowOutcome, AttemptRecord)
        var completion: ImportedRow?
        switch decision {
        case .imported(let conversation):
            (outcome, record) = (.imported, attempt(nil, nil, nil))
            completion = ImportedRow(
                lease: row.lease,
                unrecordedConversationID: conversation.unrecordedID,
                startedAt: startedAt,
                dixaCalls: calls,
                rateLimited: rateLimited
            )
        case .retry(let code, let message, let status, let notBefore):
            let delay = max(configuration.retry.delay(afterAttempt: row.attempts), notBefore)
            logger.warning("attempt failed; will retry", metadata: metadata.merging(["error": "\(message)", "in": "\(delay)"]) { $1 })
            (outcome, record) = (.retry(after: delay), attempt(code, status, message))
        case .dead(let code, let message, let status):
            logger.error("row is dead", metadata: metadata.merging(["error_code": "\(code)", "error": "\(message)"]) { $1 })
            (outcome, record) = (.dead, attempt(code, status, message))
        case .release(let code, let message, let delay):
            // Shutdown and halts report themselves once for all their rows; other hand-backs are told row by row.
            if code != .shutdown && code != .configuration {
                logger.warning(
                    "row handed back without burning an attempt",
                    metadata: metadata.merging(["reason": "\(message)", "in": "\(delay)"]) { $1 }
                )
            }
            (outcome, record) = (.released(after: delay), attempt(code, nil, message))
        case .halt(let halt):
            await enterHalt(halt)
            (outcome, record) = (.released(after: .zero), attempt(.configuration, nil, halt.description))
        case .leaseLost:
            logger.warning("lease lost; another worker holds the row now", metadata: metadata)
            state.withLock {
                $0.leaseLost += 1
                $0.dixaCalls += calls
            }
            return
        }
        do {
            // The lease is still this worker's: if the database went away, wait for it rather than for the lease.
            let written = try await retryingWhileDatabaseIsAway(
                for: configuration.leaseDuration,
                "recording a row's outcome",
                logger: logger,
                metadata: metadata
            ) {
                if let completion { return try await completer.complete(completion) }
                return try await store.finish(row.lease, outcome, record)
            }
            count(outcome, tenant: row.tenant, written: written, calls: calls)
            if written {
                WorkerMetrics.finished(outcome, errorCode: record.errorCode, tenant: row.tenant)
            }
            if !written {
                // Or the outcome had been written by an earlier try whose answer the connection lost.
                logger.warning("lease lost before the write-back; another worker holds the row now", metadata: metadata)
            } else if outcome == .imported {
                logger.info("imported", metadata: metadata.merging(["dixa_calls": "\(calls)"]) { $1 })
                if roster.takeOpenHalts(of: row.tenant) {
                    do {
                        try await store.resolveHalts(tenant: row.tenant)
                    } catch {
                        // The banner stays until the next import marks the halt over.
                        roster.haltsMayStillBeOpen(row.tenant)
                    }
                }
            }
        } catch {
            logger.error(
                "could not record the outcome; the row returns when its lease expires",
                metadata: metadata.merging(["error": "\(String(reflecting: error).prefix(300))"]) { $1 }
            )
        }
    }

    /// The first row of a tenant to meet a halt records it, for `/health`, the `halts` report and the operator's log.
    private func enterHalt(_ halt: ConfigurationHalt) async {
        guard roster.enterHalt(halt) else { return }
        logger.critical("halted: \(halt)", metadata: ["tenant": "\(halt.tenant)"])
        WorkerMetrics.halted(tenant: halt.tenant, true)
        do {
            try await store.recordHalt(worker: configuration.workerName, tenant: halt.tenant, cause: halt.cause, remedy: halt.remedy)
        } catch {
            logger.warning("could not record the halt", metadata: ["error": "\(String(reflecting: error).prefix(200))"])
        }
    }

    private func count(_ outcome: RowOutcome, tenant: String, written: Bool, calls: Int) {
        state.withLock { summary in
            summary.dixaCalls += calls
            guard written else {
                summary.leaseLost += 1
                return
            }
            var counts = summary.tenants[tenant] ?? TenantCounts()
            switch outcome {
            case .imported:
                summary.imported += 1
                counts.imported += 1
            case .retry:
                summary.retried += 1
                counts.retried += 1
            case .dead:
                summary.dead += 1
                counts.dead += 1
            case .released:
                summary.released += 1
                counts.released += 1
            }
            summary.tenants[tenant] = counts
        }
    }
}
