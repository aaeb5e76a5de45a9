import DixaAPI
import Foundation
import Logging
import Outbox

/// Imports one claimed row of one tenant, step by step, checkpointing each step's result in the row before the
/// next step starts, so that no side effect whose result was recorded is ever repeated.
struct RowProcessor: RowHandler {
    let store: OutboxStore
    let tenant: String
    let dixa: DixaClient
    /// Every Dixa request of the row is spent from it, visibly, at its call.
    let budget: RequestBudget
    let configuration: ImporterConfiguration
    let rules: RowRules
    let requesters: RequesterResolver
    let attributes: AttributeResolver
    let builder: ImportRequestBuilder
    let logger: Logger

    /// The rows of `tenant`: its client, its budget, its bot agent and its default queue.
    init(store: OutboxStore, tenant: Tenant, configuration: ImporterConfiguration, logger: Logger) {
        self.store = store
        self.tenant = tenant.name
        self.dixa = tenant.dixa
        self.budget = tenant.budget
        self.configuration = configuration
        self.rules = RowRules(configuration, requestTimeout: tenant.dixa.configuration.requestTimeout, tenant: tenant)
        self.requesters = RequesterResolver(store: store, dixa: tenant.dixa, budget: tenant.budget, tenant: tenant.name)
        self.attributes = AttributeResolver(dixa: tenant.dixa, budget: tenant.budget)
        self.builder = ImportRequestBuilder(botAgentID: tenant.botAgentID)
        var logger = logger
        if tenant.name != Tenants.defaultName { logger[metadataKey: "tenant"] = "\(tenant.name)" }
        self.logger = logger
    }

    /// Works `row` to its outcome (steps 5 to 12). `prepared` is what `prepare(_:)` did for it with the rest of its batch.
    func decide(_ row: ClaimedRow, prepared: PreparedRow?) async -> RowDecision {
        if rules.isAbandoned(row) {
            return .dead(
                code: .abandoned,
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
                return .dead(code: .invalidTranscript, message: error.message, httpStatus: nil)
            }
        }
        let importInFlight = Flag()
        do {
            return .imported(try await work(row, transcript, prepared, importInFlight))
        } catch {
            return RowFailurePolicy(rules: rules).decision(
                for: RowFailure(error, cancelled: Task.isCancelled),
                attempts: row.attempts,
                maxAttempts: rules.maxAttempts(of: row),
                importInFlight: importInFlight.isSet
            )
        }
    }

    /// Runs the row's steps (`RowPlan`) until none is left, checkpointing each step's result before the next starts.
    private func work(_ row: ClaimedRow, _ transcript: Transcript, _ prepared: PreparedRow?, _ importInFlight: Flag) async throws
        -> ConversationRecord
    {
        let lease = row.lease
        let plan = RowPlan(row, transcript, rules)
        var progress = RowProgress(checkpoints: row.checkpoints)
        if let intent = prepared?.intent {
            progress.checkpoints.requesterID = intent.requesterID
            progress.intentWritten = true
        }
        var cacheMissed = prepared?.requesterCacheMissed ?? false
        var resolvedAgain = false
        var record = ConversationRecord.checkpointed
        func request() -> ConversationImport {
            // Every step that needs the request runs after the requester is known.
            builder.request(for: transcript, sourceKey: row.sourceKey, requesterID: progress.checkpoints.requesterID!, closed: !row.isEscalation)
        }
        while true {
            switch plan.nextStep(progress) {
            case .haltForNoQueue:
                throw ConfigurationHalt.noQueue(rules.names)
            case .resolveRequester:
                // Recorded with the import intent; until the import is sent, the end-user cache is enough.
                progress.checkpoints.requesterID = try await requesters.resolve(transcript.requester, cacheMissed: cacheMissed)
                cacheMissed = false
            case .reconcile:
                if let adopted = try await reconcile(request(), sourceKey: row.sourceKey) {
                    logger.info(
                        "adopted the conversation an earlier attempt created",
                        metadata: ["row": "\(lease.rowID)", "conversation": "\(adopted)"]
                    )
                    try await store.checkpointConversation(lease, conversationID: adopted, partialErrors: [])
                    progress.checkpoints.conversationID = adopted
                } else {
                    // Nothing to adopt: the earlier import was never applied, so this attempt imports afresh.
                    progress.checkpoints.importSentAt = nil
                }
            case .writeImportIntent:
                let request = request()
                try await store.checkpointImportIntent(lease, requesterID: request.requesterId, createdAt: request.createdAt)
                progress.intentWritten = true
            case .sendImport:
                do {
                    let request = request()
                    let imported = try await budget.spend {
                        // Only now may Dixa apply it: a request still waiting for its slot was never sent.
                        importInFlight.set()
                        return try await dixa.importConversation(request)
                    }
                    importInFlight.clear()
                    let partialErrors = imported.partialErrors?.map(\.message) ?? []
                    if plan.importIsLastStep(progress.checkpoints), partialErrors.isEmpty {
                        record = .unrecorded(imported.id)
                    } else {
                        try await store.checkpointConversation(lease, conversationID: imported.id, partialErrors: partialErrors)
                    }
                    progress.checkpoints.conversationID = imported.id
                } catch let error as DixaError where error.code == .http && error.status.map({ (400..<500).contains($0) }) == true {
                    importInFlight.clear()
                    // A 4xx means Dixa created nothing, so the next attempt need not reconcile.
                    try await store.clearImportIntent(lease)
                    progress.intentWritten = false
                    progress.checkpoints.importSentAt = nil
                    guard error.errorClass == .staleRequester, !resolvedAgain, let stale = progress.checkpoints.requesterID else { throw error }
                    logger.notice("Dixa no longer knows the cached requester; resolving it again", metadata: ["row": "\(lease.rowID)"])
                    try await store.forgetEndUser(tenant: tenant, stale)
                    try await store.checkpointRequester(lease, requesterID: nil)
                    progress.checkpoints.requesterID = nil
                    resolvedAgain = true
                }
            case .applyAttributes:
                guard let conversationID = progress.checkpoints.conversationID else { preconditionFailure("attributes before the import") }
                let problems = try await applyAttributes(transcript.attributes, conversationID: conversationID)
                try await store.checkpointAttributes(lease, conversationID: conversationID, problems: problems)
                progress.checkpoints.attributesDoneAt = Date()
            case .transfer(let queueID):
                guard let conversationID = progress.checkpoints.conversationID else { preconditionFailure("a transfer before the import") }
                try await transfer(conversationID, to: queueID, row, transcript)
                try await store.checkpointTransfer(lease, conversationID: conversationID, queueID: queueID)
                progress.checkpoints.transferredAt = Date()
            case .complete:
                return record
            }
        }
    }

    /// Step 11, escalations only: a person is waiting, so hand the open conversation to a human queue.
    private func transfer(_ conversationID: Int64, to queueID: UUID, _ row: ClaimedRow, _ transcript: Transcript) async throws {
        do {
            try await budget.spend { try await dixa.transferToQueue(conversationID: conversationID, TransferQueueInput(queueId: queueID)) }
        } catch let error as DixaError where UnknownQueue.matches(error) {
            let source: UnknownQueue.Source = transcript.queueID == nil ? .defaultQueueID : .rowQueueID
            throw UnknownQueue(
                queueID: queueID,
                source: source,
                sourceKey: row.sourceKey,
                conversationID: conversationID,
                error: error,
                names: rules.names
            )
        } catch let error as DixaError where error.errorClass == .notFound {
            throw TransferFoundNoConversation(error: error)
        }
    }

    /// Step 7: the import may have been applied although its answer was lost; look for a conversation of this
    /// requester with the `createdAt` we sent (and our `externalId`, when Dixa returns one).
    private func reconcile(_ request: ConversationImport, sourceKey: String) async throws -> Int64? {
        let candidates = try await budget.spend { try await dixa.conversations(ofEndUser: request.requesterId) }.filter { conversation in
            guard let createdAt = conversation.createdAt else { return false }
            if let externalId = conversation.externalId, externalId != sourceKey { return false }
            return abs(createdAt.timeIntervalSince(request.createdAt)) < 0.001
        }
        return candidates.first(where: { $0.externalId == sourceKey })?.id ?? candidates.min(by: { $0.id < $1.id })?.id
    }

    /// Step 10: resolve attribute keys and PATCH them. What cannot be applied becomes a partial error;
    /// when Dixa refuses the whole PATCH, each attribute is tried alone so the good ones still land.
    private func applyAttributes(_ wanted: [(key: String, value: AttributeValue)], conversationID: Int64) async throws -> [String] {
        let resolution = try await attributes.resolve(wanted)
        var problems = resolution.problems
        guard !resolution.values.isEmpty else { return problems }
        do {
            _ = try await budget.spend { try await dixa.patchCustomAttributes(conversationID: conversationID, values: resolution.values) }
        } catch let error as DixaError where error.errorClass == .badRequest {
            guard resolution.values.count > 1 else {
                let key = resolution.keys.values.first ?? "?"
                return problems + ["custom attribute \"\(key)\" was refused by Dixa: \(error.message)"]
            }
            for (id, value) in resolution.values.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                do {
                    _ = try await budget.spend { try await dixa.patchCustomAttributes(conversationID: conversationID, values: [id: value]) }
                } catch let single as DixaError where single.errorClass == .badRequest {
                    problems.append("custom attribute \"\(resolution.keys[id] ?? id.dixaString)\" was refused by Dixa: \(single.message)")
                }
            }
        }
        return problems
    }
}
