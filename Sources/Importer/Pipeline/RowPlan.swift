import Foundation
import Outbox

/// The steps of one attempt at a row (docs/ARCHITECTURE.md, "A row's journey", steps 5 to 11), in the order they must happen.
enum RowStep: Sendable, Equatable {
    /// An escalation with nowhere to go: halt before anything is sent, since importing it would leave an open
    /// conversation that no agent queue ever sees (step 5).
    case haltForNoQueue
    /// Find or create the Dixa end user (step 7).
    case resolveRequester
    /// An earlier attempt sent the import and lost the answer: look for the conversation it may have created (step 8).
    case reconcile
    /// Write the import-intent checkpoint, so that a lost answer can be reconciled (step 9).
    case writeImportIntent
    /// `POST /v1/conversations/import` (step 10).
    case sendImport
    /// PATCH the custom attributes (step 11).
    case applyAttributes
    /// Escalations: hand the conversation to a human queue (step 12).
    case transfer(queueID: UUID)
    /// Nothing left: the decision is `imported` (step 12).
    case complete
}

/// What this attempt has achieved so far: the row's checkpoints as claimed, updated as each step lands.
struct RowProgress: Sendable, Equatable {
    var checkpoints: Checkpoints
    /// The import-intent checkpoint for the request about to go out is written, by this attempt or by its batch.
    var intentWritten = false
}

/// The next step of a row, from its checkpoints alone: a pure function, so that the batch path and the row path
/// cannot disagree about what a row needs, and a table test can list every case.
struct RowPlan: Sendable, Equatable {
    let isEscalation: Bool
    let hasAttributes: Bool
    /// Where an escalation goes (`RowRules.escalationQueue`).
    let queueID: UUID?

    init(isEscalation: Bool, hasAttributes: Bool, queueID: UUID?) {
        self.isEscalation = isEscalation
        self.hasAttributes = hasAttributes
        self.queueID = queueID
    }

    init(_ row: ClaimedRow, _ transcript: Transcript, _ rules: RowRules) {
        self.init(isEscalation: row.isEscalation, hasAttributes: !transcript.attributes.isEmpty, queueID: rules.escalationQueue(of: row, transcript))
    }

    func nextStep(_ progress: RowProgress) -> RowStep {
        if isEscalation, queueID == nil { return .haltForNoQueue }
        let checkpoints = progress.checkpoints
        guard checkpoints.conversationID == nil else { return stepAfterImport(checkpoints) }
        if progress.intentWritten { return .sendImport }
        if checkpoints.requesterID == nil { return .resolveRequester }
        if checkpoints.importSentAt != nil { return .reconcile }
        return .writeImportIntent
    }

    /// What follows once the row has its conversation.
    func stepAfterImport(_ checkpoints: Checkpoints) -> RowStep {
        if hasAttributes, checkpoints.attributesDoneAt == nil { return .applyAttributes }
        if isEscalation, let queueID, checkpoints.transferredAt == nil { return .transfer(queueID: queueID) }
        return .complete
    }

    /// Whether the import is the last step, so that the completion may record the conversation id rather than a
    /// checkpoint of its own: the durable import intent makes that safe, since a lost completion is reconciled.
    func importIsLastStep(_ checkpoints: Checkpoints) -> Bool { stepAfterImport(checkpoints) == .complete }

    /// Whether the batch may do this row's first steps for it (the cache lookup, the import intent): only while
    /// no import was ever sent, since one that was must be reconciled first.
    func importMayBePreparedInBatch(_ checkpoints: Checkpoints) -> Bool {
        guard checkpoints.importSentAt == nil else { return false }
        let step = nextStep(RowProgress(checkpoints: checkpoints))
        return step == .resolveRequester || step == .writeImportIntent
    }
}
