import Foundation
import Outbox
import Testing

@testable import Importer

/// What a claimed batch's step 4 decides for each row once the end-user cache has answered: no database.
@Suite("Batch preparation: which rows get their import intent from the batch's statement")
struct BatchPreparationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// The checkpointed requester and the identities of the one candidate row.
        let requesterID: UUID?
        let identities: [EndUserIdentity]
        let cached: [EndUserIdentity: UUID]
        let expectedRequester: UUID?
        let expectedMissed: Bool
        var testDescription: String { name }
    }

    static let ann = EndUserIdentity(.email, "ann@example.com")!
    static let phone = EndUserIdentity(.phone, "+4512345678")!
    static let recorded = UUID()
    static let annInCache = UUID()
    static let phoneInCache = UUID()

    static let cases: [Case] = [
        Case(
            name: "requester recorded by an earlier attempt: its intent, whatever the cache",
            requesterID: recorded,
            identities: [ann],
            cached: [ann: annInCache],
            expectedRequester: recorded,
            expectedMissed: false
        ),
        Case(
            name: "the cache knows the identity: its end user",
            requesterID: nil,
            identities: [ann],
            cached: [ann: annInCache],
            expectedRequester: annInCache,
            expectedMissed: false
        ),
        Case(
            name: "the cache knows the second identity only: that one",
            requesterID: nil,
            identities: [ann, phone],
            cached: [phone: phoneInCache],
            expectedRequester: phoneInCache,
            expectedMissed: false
        ),
        Case(
            name: "the cache knows both: the first, in the requester's order",
            requesterID: nil,
            identities: [phone, ann],
            cached: [ann: annInCache, phone: phoneInCache],
            expectedRequester: phoneInCache,
            expectedMissed: false
        ),
        Case(
            name: "the cache knows none: no intent, and the row knows the cache missed",
            requesterID: nil,
            identities: [ann],
            cached: [:],
            expectedRequester: nil,
            expectedMissed: true
        ),
        Case(
            name: "a requester with no identity: no intent, a miss",
            requesterID: nil,
            identities: [],
            cached: [ann: annInCache],
            expectedRequester: nil,
            expectedMissed: true
        ),
    ]

    static let transcript = try! Transcript.parse(
        #"{"requester":{"email":"ann@example.com"},"messages":[{"from":"user","text":"Hi","at":"2026-11-24T10:15:00Z"}]}"#
    )

    @Test(arguments: cases)
    func intent(_ testCase: Case) {
        let lease = Lease(rowID: 7, token: UUID())
        let candidate = BatchPreparation.Candidate(
            lease: lease,
            requesterID: testCase.requesterID,
            identities: testCase.identities,
            createdAt: Date()
        )
        let part = BatchPreparation(tenant: "acme", transcripts: [7: Self.transcript], candidates: [candidate])
        let (intents, missed) = part.intents(cached: testCase.cached)
        #expect(intents.map(\.requesterID) == [testCase.expectedRequester].compactMap { $0 })
        #expect(missed == (testCase.expectedMissed ? [7] : []))
        let prepared = part.prepared(intents: intents, written: [7], missed: missed)
        #expect(prepared[7]?.intent?.requesterID == testCase.expectedRequester)
        #expect(prepared[7]?.requesterCacheMissed == testCase.expectedMissed)
    }

    @Test("a recorded requester is not looked up; the others' identities are, once each")
    func lookups() {
        let parts = [
            BatchPreparation.Candidate(
                lease: Lease(rowID: 1, token: UUID()),
                requesterID: Self.recorded,
                identities: [Self.phone],
                createdAt: Date()
            ),
            BatchPreparation.Candidate(lease: Lease(rowID: 2, token: UUID()), requesterID: nil, identities: [Self.ann], createdAt: Date()),
            BatchPreparation.Candidate(lease: Lease(rowID: 3, token: UUID()), requesterID: nil, identities: [Self.ann], createdAt: Date()),
        ]
        #expect(BatchPreparation(tenant: "acme", transcripts: [:], candidates: parts).identitiesToLookUp == [Self.ann])
    }

    @Test("an intent the statement did not write (the lease moved on) is not the row's; a row that parsed but was no candidate has none")
    func unwrittenIntent() {
        let lease = Lease(rowID: 7, token: UUID())
        let candidate = BatchPreparation.Candidate(lease: lease, requesterID: Self.recorded, identities: [], createdAt: Date())
        let part = BatchPreparation(tenant: "acme", transcripts: [7: Self.transcript, 8: Self.transcript], candidates: [candidate])
        let (intents, missed) = part.intents(cached: [:])
        let prepared = part.prepared(intents: intents, written: [], missed: missed)
        #expect(prepared.count == 2)
        #expect(prepared[7]?.intent == nil && prepared[8]?.intent == nil)
    }
}
