import Foundation
import TestSupport
import Testing

@testable import Importer
@testable import Outbox

/// `RowPlan.nextStep`: every combination of checkpoints a row can carry, with the step it must take next. No
/// database, no HTTP.
@Suite("The row's next step, from its checkpoints alone")
struct RowPlanTests {
    static let queue = UUID(uuidString: "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9")!
    static let requester = UUID(uuidString: "0b7d5c7e-1c1d-4c53-9b43-2f6f2c1a9e10")!
    static let earlier = Date(timeIntervalSince1970: 1_700_000_000)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let plan: RowPlan
        let progress: RowProgress
        let expected: RowStep
        var testDescription: String { name }
    }

    static let closed = RowPlan(isEscalation: false, hasAttributes: false, queueID: nil)
    static let withAttributes = RowPlan(isEscalation: false, hasAttributes: true, queueID: nil)
    static let escalation = RowPlan(isEscalation: true, hasAttributes: false, queueID: queue)
    static let escalationWithAttributes = RowPlan(isEscalation: true, hasAttributes: true, queueID: queue)
    static let escalationNowhere = RowPlan(isEscalation: true, hasAttributes: false, queueID: nil)

    static func progress(
        requester: UUID? = nil,
        sent: Date? = nil,
        conversation: Int64? = nil,
        attributes: Date? = nil,
        transferred: Date? = nil,
        intent: Bool = false
    ) -> RowProgress {
        RowProgress(
            checkpoints: Checkpoints(
                requesterID: requester,
                importSentAt: sent,
                conversationID: conversation,
                attributesDoneAt: attributes,
                transferredAt: transferred
            ),
            intentWritten: intent
        )
    }

    static let cases: [Case] = [
        Case(name: "a fresh row resolves its requester", plan: closed, progress: progress(), expected: .resolveRequester),
        Case(name: "a known requester: write the intent", plan: closed, progress: progress(requester: requester), expected: .writeImportIntent),
        Case(name: "intent written: send", plan: closed, progress: progress(requester: requester, intent: true), expected: .sendImport),
        Case(
            name: "sent before, answer lost: reconcile",
            plan: closed,
            progress: progress(requester: requester, sent: earlier),
            expected: .reconcile
        ),
        Case(
            name: "sent before but this attempt wrote a new intent: send",
            plan: closed,
            progress: progress(requester: requester, sent: earlier, intent: true),
            expected: .sendImport
        ),
        Case(
            name: "sent before with no requester checkpoint: resolve first, then reconcile",
            plan: closed,
            progress: progress(sent: earlier),
            expected: .resolveRequester
        ),
        Case(name: "imported, nothing else to do", plan: closed, progress: progress(requester: requester, conversation: 7), expected: .complete),
        Case(name: "imported, attributes left", plan: withAttributes, progress: progress(conversation: 7), expected: .applyAttributes),
        Case(name: "imported, attributes done", plan: withAttributes, progress: progress(conversation: 7, attributes: earlier), expected: .complete),
        Case(name: "escalation imported: transfer", plan: escalation, progress: progress(conversation: 7), expected: .transfer(queueID: queue)),
        Case(name: "escalation transferred", plan: escalation, progress: progress(conversation: 7, transferred: earlier), expected: .complete),
        Case(
            name: "escalation: attributes before the transfer",
            plan: escalationWithAttributes,
            progress: progress(conversation: 7),
            expected: .applyAttributes
        ),
        Case(
            name: "escalation: transfer after the attributes",
            plan: escalationWithAttributes,
            progress: progress(conversation: 7, attributes: earlier),
            expected: .transfer(queueID: queue)
        ),
        Case(name: "escalation with nowhere to go halts before anything", plan: escalationNowhere, progress: progress(), expected: .haltForNoQueue),
        Case(
            name: "escalation with nowhere to go halts even when imported",
            plan: escalationNowhere,
            progress: progress(conversation: 7),
            expected: .haltForNoQueue
        ),
    ]

    @Test("next step", arguments: cases)
    func nextStep(_ example: Case) {
        #expect(example.plan.nextStep(example.progress) == example.expected)
    }

    @Test("the completion records the conversation only when the import is the last step")
    func importIsLastStep() {
        #expect(Self.closed.importIsLastStep(Checkpoints()))
        #expect(!Self.withAttributes.importIsLastStep(Checkpoints()))
        #expect(Self.withAttributes.importIsLastStep(Checkpoints(attributesDoneAt: Self.earlier)))
        #expect(!Self.escalation.importIsLastStep(Checkpoints()))
        #expect(!Self.escalationWithAttributes.importIsLastStep(Checkpoints(attributesDoneAt: Self.earlier)))
    }

    @Test("the batch prepares only rows whose import was never sent, and that have somewhere to go")
    func batchPreparation() {
        #expect(Self.closed.importMayBePreparedInBatch(Checkpoints()))
        #expect(Self.closed.importMayBePreparedInBatch(Checkpoints(requesterID: Self.requester)))
        #expect(!Self.closed.importMayBePreparedInBatch(Checkpoints(requesterID: Self.requester, importSentAt: Self.earlier)))
        #expect(!Self.closed.importMayBePreparedInBatch(Checkpoints(importSentAt: Self.earlier)))
        #expect(!Self.closed.importMayBePreparedInBatch(Checkpoints(conversationID: 7)))
        #expect(Self.escalation.importMayBePreparedInBatch(Checkpoints()))
        #expect(!Self.escalationNowhere.importMayBePreparedInBatch(Checkpoints()))
    }

    @Test("rules: the escalation queue is the row's own, else the default; closed rows have none")
    func escalationQueue() throws {
        let own = UUID()
        var configuration = ImporterConfiguration(botAgentID: UUID())
        configuration.defaultQueueID = Self.queue
        let rules = RowRules(configuration, requestTimeout: .seconds(30))
        let withQueue = try Transcript.parse(Self.transcript(queueID: own))
        let withoutQueue = try Transcript.parse(Self.transcript(queueID: nil))
        #expect(rules.escalationQueue(of: Self.row(kind: "escalate"), withQueue) == own)
        #expect(rules.escalationQueue(of: Self.row(kind: "escalate"), withoutQueue) == Self.queue)
        #expect(rules.escalationQueue(of: Self.row(kind: "close"), withQueue) == nil)
        var noDefault = rules
        noDefault.defaultQueueID = nil
        #expect(noDefault.escalationQueue(of: Self.row(kind: "escalate"), withoutQueue) == nil)
    }

    @Test("rules: a row is abandoned once claimed more often than its max attempts, or the override")
    func abandoned() {
        var configuration = ImporterConfiguration(botAgentID: UUID())
        let rules = RowRules(configuration, requestTimeout: .seconds(30))
        #expect(!rules.isAbandoned(Self.row(attempts: 8, maxAttempts: 8)))
        #expect(rules.isAbandoned(Self.row(attempts: 9, maxAttempts: 8)))
        configuration.retry.maxAttempts = 2
        let overridden = RowRules(configuration, requestTimeout: .seconds(30))
        #expect(overridden.isAbandoned(Self.row(attempts: 3, maxAttempts: 8)))
        #expect(overridden.maxAttempts(of: Self.row(attempts: 1, maxAttempts: 8)) == 2)
    }

    static func row(kind: String = "close", attempts: Int = 1, maxAttempts: Int = 8) -> ClaimedRow {
        ClaimedRow(
            lease: Lease(rowID: 1, token: UUID()),
            sourceKey: "plan",
            kind: kind,
            transcript: "{}",
            attempts: attempts,
            maxAttempts: maxAttempts,
            checkpoints: Checkpoints()
        )
    }

    static func transcript(queueID: UUID?) -> String {
        let queue = queueID.map { #","queueId":"\#($0.uuidString.lowercased())""# } ?? ""
        return #"{"requester":{"email":"a@example.com"},"messages":[{"from":"user","text":"hi","at":"2026-01-01T00:00:00Z"}]\#(queue)}"#
    }
}
