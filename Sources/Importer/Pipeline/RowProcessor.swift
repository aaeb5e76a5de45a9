import DixaAPI
import Foundation
import Logging
import Outbox

/// Imports one claimed row, step by step, checkpointing each step's result in the row before the
/// next step starts, so that no side effect whose result was recorded is ever repeated.
struct RowProcessor: Sendable {
    let store: OutboxStore
    let dixa: DixaClient
    let configuration: ImporterConfiguration
    let requesters: RequesterResolver
    let attributes: AttributeResolver
    let builder: ImportRequestBuilder
    let logger: Logger

    init(store: OutboxStore, dixa: DixaClient, configuration: ImporterConfiguration, logger: Logger) {
        self.store = store
        self.dixa = dixa
        self.configuration = configuration
        self.requesters = RequesterResolver(store: store, dixa: dixa)
        self.attributes = AttributeResolver(dixa: dixa)
        self.builder = ImportRequestBuilder(botAgentID: configuration.botAgentID)
        self.logger = logger
    }

    /// Works `row` to its outcome. `prepared` is what `prepare(_:)` did for it with the rest of its batch.
    func decide(_ row: ClaimedRow, prepared: PreparedRow? = nil) async -> RowDecision {
        let maxAttempts = configuration.retry.maxAttempts ?? row.maxAttempts
        if row.attempts > maxAttempts {
            return .dead(
                code: "abandoned",
                message: "claimed \(row.attempts) times without finishing (the worker died or lost its lease each time); giving up",
                httpStatus: nil
            )
        }
        let transcript: Transcript
        if let prepared {
            transcript = prepared.transcript
        } else {
            do {
                transcript = try Transcript.parse(row.transcript)
            } catch {
                return .dead(code: "invalid_transcript", message: error.message, httpStatus: nil)
            }
        }
        let importInFlight = Flag()
        do {
            let unrecorded = try await importRow(row, transcript, prepared, importInFlight)
            return .imported(unrecordedConversationID: unrecorded)
        } catch  where Task.isCancelled {
            // Shutdown. Whatever the cancellation surfaced as, the row goes back without burning an attempt: due
            // now, unless its import request was on the wire, which Dixa may still apply; then not before that
            // request would have timed out, so the next attempt's reconciliation can see it.
            let delay = importInFlight.isSet ? dixa.configuration.requestTimeout : .zero
            return .release(code: "shutdown", message: "the worker shut down before the row finished", after: delay)
        } catch let halt as ConfigurationHalt {
            return .halt(halt)
        } catch let unknown as UnknownQueue {
            return unknown.decision
        } catch let error as DixaError where error.code == .pacing {
            // The request budget's database failed before the request went out: nothing was sent, so nothing waits.
            guard let underlying = error.underlying, OutboxError.isConnectionLoss(underlying) else {
                return retryOrDead(code: "database", message: "database error: \(error.message)", status: nil, row, maxAttempts)
            }
            return .release(code: "database_unavailable", message: "the database connection was lost: \(error.message)", after: .zero)
        } catch let error as DixaError {
            return decision(for: error, row: row, maxAttempts: maxAttempts)
        } catch let error as OutboxError where error.code == .leaseLost {
            return .leaseLost
        } catch is CancellationError {
            return .release(code: "shutdown", message: "the worker shut down before the row finished", after: .zero)
        } catch  where OutboxError.isConnectionLoss(error) {
            // The database went away mid-row: not the row's fault, so no attempt is burnt. As with a shutdown, an
            // import that was on the wire waits a request timeout, so that reconciliation can see it.
            let delay = importInFlight.isSet ? dixa.configuration.requestTimeout : .zero
            return .release(
                code: "database_unavailable",
                message: "the database connection was lost mid-row: \(String(reflecting: error).prefix(200))",
                after: delay
            )
        } catch {
            return retryOrDead(code: "database", message: "database error: \(String(reflecting: error).prefix(300))", status: nil, row, maxAttempts)
        }
    }

    private func decision(for error: DixaError, row: ClaimedRow, maxAttempts: Int) -> RowDecision {
        if error.errorClass == .notFound, error.endpoint.hasSuffix("/transfer/queue") {
            // Dixa may not know a conversation it has just created for a moment; only a few tries, then dead.
            let limit = min(configuration.transferNotFoundAttempts, maxAttempts)
            guard row.attempts < limit else {
                return .dead(
                    code: error.rowErrorCode,
                    message: "the transfer found no conversation after \(row.attempts) attempts: \(error.description)",
                    httpStatus: error.status
                )
            }
            return .retry(code: error.rowErrorCode, message: error.description, httpStatus: error.status, notBefore: .zero)
        }
        switch error.errorClass {
        case .configuration:
            return .halt(ConfigurationHalt(error, botAgentID: configuration.botAgentID))
        case .rateLimited:
            return .release(code: error.rowErrorCode, message: error.description, after: configuration.rateLimitReleaseDelay)
        case .badRequest:
            return .dead(code: error.rowErrorCode, message: error.description, httpStatus: error.status)
        case .transient, .notFound, .staleRequester:
            // A request that timed out or lost its connection may still be running at Dixa. Looking for its
            // effect (the end user, the conversation) before it had as long again as we waited could miss it,
            // and create a second one.
            let ambiguous = error.code == .timeout || error.code == .transport
            let notBefore = ambiguous ? dixa.configuration.requestTimeout : .zero
            return retryOrDead(code: error.rowErrorCode, message: error.description, status: error.status, row, maxAttempts, notBefore: notBefore)
        }
    }

    private func retryOrDead(
        code: String,
        message: String,
        status: Int?,
        _ row: ClaimedRow,
        _ maxAttempts: Int,
        notBefore: Duration = .zero
    ) -> RowDecision {
        guard row.attempts < maxAttempts else {
            return .dead(code: code, message: "gave up after \(row.attempts) attempts: \(message)", httpStatus: status)
        }
        return .retry(code: code, message: message, httpStatus: status, notBefore: notBefore)
    }

    /// Returns the conversation the import created when it is left to the completion to record: only when the
    /// import was the row's last step.
    private func importRow(_ row: ClaimedRow, _ transcript: Transcript, _ prepared: PreparedRow?, _ importInFlight: Flag) async throws -> Int64? {
        let lease = row.lease
        var checkpoints = row.checkpoints
        // An escalation with nowhere to go halts before anything is sent: importing it would leave an open
        // conversation that no agent queue ever sees.
        let escalationQueue = row.isEscalation ? transcript.queueID ?? configuration.defaultQueueID : nil
        if row.isEscalation, escalationQueue == nil { throw ConfigurationHalt.noQueue }
        let importIsLastStep = !row.isEscalation && (transcript.attributes.isEmpty || checkpoints.attributesDoneAt != nil)
        if checkpoints.conversationID == nil {
            let imported = try await importConversation(row, transcript, prepared, &checkpoints, importInFlight, importIsLastStep: importIsLastStep)
            if !imported.recorded { return imported.id }
            checkpoints.conversationID = imported.id
        }
        guard let conversationID = checkpoints.conversationID else { return nil }
        if !transcript.attributes.isEmpty, checkpoints.attributesDoneAt == nil {
            let problems = try await applyAttributes(transcript.attributes, conversationID: conversationID)
            try await store.checkpointAttributes(lease, conversationID: conversationID, problems: problems)
        }
        if let queueID = escalationQueue, checkpoints.transferredAt == nil {
            // Step 4, escalations only: a person is waiting, so hand the open conversation to a human queue.
            do {
                try await dixa.transferToQueue(conversationID: conversationID, TransferQueueInput(queueId: queueID))
            } catch let error as DixaError where UnknownQueue.matches(error) {
                let source: UnknownQueue.Source = transcript.queueID == nil ? .defaultQueueID : .rowQueueID
                throw UnknownQueue(queueID: queueID, source: source, sourceKey: row.sourceKey, conversationID: conversationID, error: error)
            }
            try await store.checkpointTransfer(lease, conversationID: conversationID, queueID: queueID)
        }
        return nil
    }

    /// Steps 1 and 2: the requester, then the import, with reconciliation when an earlier attempt's
    /// import answer was lost, and one fresh resolution when Dixa says the requester is gone.
    ///
    /// `prepared`: what `prepare(_:)` did with the batch, such as an import-intent checkpoint already written. `recorded` is false when the
    /// conversation id was left to the completion, which happens only when the import was the last step and
    /// brought no partial errors; the durable intent makes that safe, since a lost completion is reconciled.
    private func importConversation(
        _ row: ClaimedRow,
        _ transcript: Transcript,
        _ prepared: PreparedRow?,
        _ checkpoints: inout Checkpoints,
        _ importInFlight: Flag,
        importIsLastStep: Bool
    ) async throws -> (id: Int64, recorded: Bool) {
        let lease = row.lease
        var resolvedAgain = false
        var writtenIntent = prepared?.intent
        var cacheMissed = prepared?.requesterCacheMissed ?? false
        while true {
            let requesterID: UUID
            if let writtenIntent {
                requesterID = writtenIntent.requesterID
            } else if let known = checkpoints.requesterID {
                requesterID = known
            } else {
                // Recorded with the import intent below; until the import is sent, the end-user cache is enough.
                requesterID = try await requesters.resolve(transcript.requester, cacheMissed: cacheMissed)
                cacheMissed = false
                checkpoints.requesterID = requesterID
            }
            let request = builder.request(for: transcript, sourceKey: row.sourceKey, requesterID: requesterID, closed: !row.isEscalation)
            if writtenIntent == nil {
                if checkpoints.importSentAt != nil, let adopted = try await reconcile(request, sourceKey: row.sourceKey) {
                    logger.info(
                        "adopted the conversation an earlier attempt created",
                        metadata: ["row": "\(lease.rowID)", "conversation": "\(adopted)"]
                    )
                    try await store.checkpointConversation(lease, conversationID: adopted, partialErrors: [])
                    return (adopted, true)
                }
                try await store.checkpointImportIntent(lease, requesterID: requesterID, createdAt: request.createdAt)
            }
            writtenIntent = nil
            checkpoints.importSentAt = Date()
            do {
                importInFlight.set()
                let imported = try await dixa.importConversation(request)
                importInFlight.clear()
                let partialErrors = imported.partialErrors?.map(\.message) ?? []
                if importIsLastStep, partialErrors.isEmpty { return (imported.id, false) }
                try await store.checkpointConversation(lease, conversationID: imported.id, partialErrors: partialErrors)
                return (imported.id, true)
            } catch let error as DixaError where error.code == .http && error.status.map({ (400..<500).contains($0) }) == true {
                importInFlight.clear()
                // A 4xx means Dixa created nothing, so the next attempt need not reconcile.
                try await store.clearImportIntent(lease)
                checkpoints.importSentAt = nil
                guard error.errorClass == .staleRequester, !resolvedAgain else { throw error }
                logger.notice("Dixa no longer knows the cached requester; resolving it again", metadata: ["row": "\(lease.rowID)"])
                try await store.forgetEndUser(requesterID)
                try await store.checkpointRequester(lease, requesterID: nil)
                checkpoints.requesterID = nil
                resolvedAgain = true
            }
        }
    }

    /// The import may have been applied although its answer was lost: look for a conversation of this
    /// requester with the `createdAt` we sent (and our `externalId`, when Dixa returns one).
    private func reconcile(_ request: ConversationImport, sourceKey: String) async throws -> Int64? {
        let candidates = try await dixa.conversations(ofEndUser: request.requesterId).filter { conversation in
            guard let createdAt = conversation.createdAt else { return false }
            if let externalId = conversation.externalId, externalId != sourceKey { return false }
            return abs(createdAt.timeIntervalSince(request.createdAt)) < 0.001
        }
        return candidates.first(where: { $0.externalId == sourceKey })?.id ?? candidates.min(by: { $0.id < $1.id })?.id
    }

    /// Step 3: resolve attribute keys and PATCH them. What cannot be applied becomes a partial error;
    /// when Dixa refuses the whole PATCH, each attribute is tried alone so the good ones still land.
    private func applyAttributes(_ wanted: [(key: String, value: AttributeValue)], conversationID: Int64) async throws -> [String] {
        let resolution = try await attributes.resolve(wanted)
        var problems = resolution.problems
        guard !resolution.values.isEmpty else { return problems }
        do {
            _ = try await dixa.patchCustomAttributes(conversationID: conversationID, values: resolution.values)
        } catch let error as DixaError where error.errorClass == .badRequest {
            guard resolution.values.count > 1 else {
                let key = resolution.keys.values.first ?? "?"
                return problems + ["custom attribute \"\(key)\" was refused by Dixa: \(error.message)"]
            }
            for (id, value) in resolution.values.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                do {
                    _ = try await dixa.patchCustomAttributes(conversationID: conversationID, values: [id: value])
                } catch let single as DixaError where single.errorClass == .badRequest {
                    problems.append("custom attribute \"\(resolution.keys[id] ?? id.dixaString)\" was refused by Dixa: \(single.message)")
                }
            }
        }
        return problems
    }
}
