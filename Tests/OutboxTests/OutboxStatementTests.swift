import Foundation
import TestSupport
import Testing

@testable import Outbox

/// Every statement binds its parameters in the order its SQL file names them (`-- binds:`), so a parameter bound in
/// the wrong place fails here instead of writing a wrong value of the same type. No database needed.
@Suite("Each statement's parameters match its SQL file")
struct OutboxStatementTests {
    static let lease = Lease(rowID: 1, token: UUID())
    static let attempt = AttemptRecord(worker: "w", startedAt: Date(), dixaCalls: 1, errorCode: "timeout", httpStatus: 504, message: "m")
    static let identity = EndUserIdentity(.email, "a@example.com")!
    static let intent = ImportIntent(lease: lease, requesterID: UUID(), createdAt: Date())
    static let imported = ImportedRow(lease: lease, unrecordedConversationID: 7, startedAt: Date(), dixaCalls: 2)
    static let event = WebhookEventRecord(eventID: UUID(), eventFQN: "X", conversationID: 1, subscriptionID: nil, eventTimestamp: nil, payload: "{}")
    static let migration = Migrations.all[0]
    static let tenant = TenantRecord(name: "t", agentID: UUID(), queueID: nil, baseURL: nil, rateLimit: 5, burst: 2, tokenSealed: [1, 2])

    /// One of every statement.
    static let statements: [any OutboxStatement] = [
        BacklogGaugesStatement(), DueCountStatement(tenants: ["t"]), NextDueStatement(tenants: ["t"]), StateCountsStatement(),
        ClaimStatement(limit: 1, worker: "w", lease: .seconds(1), token: UUID(), offers: [TenantOffer(tenant: "t", quota: 1)]),
        ReleaseClaimStatement(token: UUID(), worker: "w"),
        RenewLeaseStatement(lease: lease, duration: .seconds(1)),
        CheckpointRequesterStatement(lease: lease, requesterID: nil),
        CheckpointImportIntentStatement(lease: lease, requesterID: UUID(), createdAt: Date()),
        CheckpointImportIntentsStatement(intents: [intent]),
        ClearImportIntentStatement(lease: lease),
        CheckpointConversationStatement(lease: lease, conversationID: 7),
        CheckpointAttributesStatement(lease: lease),
        CheckpointTransferStatement(lease: lease, conversationID: 7, queueID: UUID()),
        RecordPartialErrorStatement(lease: lease, conversationID: 7, source: "import", message: "m"),
        CompleteStatement(lease: lease, attempt: attempt),
        CompleteManyStatement(rows: [imported], worker: "w"),
        RetryStatement(lease: lease, attempt: attempt, delay: .seconds(1)),
        DeadStatement(lease: lease, attempt: attempt),
        ReleaseStatement(lease: lease, attempt: attempt, delay: .seconds(1)),
        EnqueueStatement(tenant: "t", sourceKey: "k", kind: "closed", transcriptJSON: "{}", lane: "backfill"),
        RequeueStatement(selection: .sourceKey("k"), dryRun: true, tenant: "t"),
        PruneStatement(age: .seconds(1), batchSize: 10),
        PendingAttributeKeysStatement(tenant: "t"),
        RecordHaltStatement(worker: "w", tenant: "t", cause: "c", remedy: "r"), ResolveHaltsStatement(tenant: "t"),
        EndUserLookupStatement(tenant: "t", identities: [identity]),
        EndUserLookupAcrossTenantsStatement(lookups: [(tenant: "t", identity: identity)]),
        EndUserStoreStatement(tenant: "t", requesterID: UUID(), identities: [identity]),
        EndUserForgetStatement(tenant: "t", requesterID: UUID()),
        EndUserLockStatement(tenant: "t", identities: [identity]),
        RateBudgetReserveStatement(budget: "b", interval: .milliseconds(100), tolerance: .milliseconds(200)),
        RateBudgetPauseStatement(budget: "b", pause: .seconds(1), tolerance: .milliseconds(200)),
        ReopenClaimStatement(limit: 1, lease: .seconds(1), tenants: ["t"]),
        ReopenFinishStatement(id: 1, outcome: .done),
        WebhookSubscriptionStoreStatement(id: UUID(), tenant: "t", url: "https://example.com", secret: .plain("s"), events: ["E"]),
        WebhookSecretStatement(subscriptionID: UUID()),
        WebhookEventStoreStatement(event: event),
        NotifyProbeStatement(payload: "p"),
        RowOverviewStatement(limit: 1),
        PartialErrorsListStatement(limit: 1),
        TenantListStatement(), TenantRosterStatement(), TenantClearStatement(name: "t", settings: ["burst"]),
        TenantHasUnfinishedRowsStatement(name: "t"), TenantAddStatement(record: tenant),
        TenantUpdateStatement(record: tenant),
        TenantSetEnabledStatement(name: "t", enabled: true), TenantActiveRowsStatement(name: "t"), TenantRemoveStatement(name: "t"),
        TenantUniquePerTenantStatement(), TenantAllowSharedSourceKeysStatement(), TenantSourceKeysSharedStatement(),
        TenantTokensForRotationStatement(),
        TenantResealStatement(name: "t", sealed: [1]),
        WebhookSecretsForRotationStatement(), WebhookSecretResealStatement(id: UUID(), sealed: [1]),
        MigrationStatements.Lock(), MigrationStatements.Table(), MigrationStatements.Runner(), MigrationStatements.TableExists(),
        MigrationStatements.Applied(), MigrationStatements.Run(migration: migration), MigrationStatements.Record(migration: migration),
    ]

    /// The names a file's `-- binds:` line gives its parameters, checked to run `$1, $2, …` in order.
    static func declaredBinds(_ file: SQLFile) throws -> [String] {
        let line = try #require(file.text.split(separator: "\n").first { $0.hasPrefix("-- binds:") }, "\(file.name).sql has no -- binds: line")
        let list = line.dropFirst("-- binds:".count).trimmingCharacters(in: .whitespaces)
        if list == "none" { return [] }
        var names: [String] = []
        for (index, entry) in list.split(separator: ",").enumerated() {
            let parts = entry.split(separator: " ")
            #expect(parts.count == 2 && parts[0] == "$\(index + 1)", "\(file.name).sql: \"\(entry)\" should name $\(index + 1)")
            names.append(String(parts.last ?? ""))
        }
        return names
    }

    /// The highest `$n` the statement's text uses.
    static func highestParameter(_ file: SQLFile) -> Int {
        let body = file.text.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
        return body.matches(of: /\$(\d+)/).compactMap { Int($0.output.1) }.max() ?? 0
    }

    @Test("binds in the file's order, with the file's names", arguments: statements.map { StatementCase($0) })
    func bindsMatchTheFile(_ example: StatementCase) throws {
        #expect(example.names == (try Self.declaredBinds(example.file)), "\(example.file.name).sql")
        #expect(example.bindCount == example.names.count)
        #expect(Self.highestParameter(example.file) == example.names.count, "\(example.file.name).sql uses a parameter it does not declare")
    }

    @Test("every query file has exactly one statement type")
    func everyFileHasAStatement() {
        let files = Self.statements.map { StatementCase($0).file.name }
        #expect(Set(files).count == files.count, "a file has two statement types")
        #expect(Set(files) == Set(Queries.all.map(\.name)))
    }

    @Test("the guarded statements lead with the row's lease")
    func leaseComesFirst() {
        var binds = StatementBinds()
        binds.append(lease: Self.lease)
        #expect(binds.names == ["id", "lease_token"])
    }

    @Test("a duration binds as whole milliseconds")
    func milliseconds() {
        var binds = StatementBinds()
        binds.append(milliseconds: .milliseconds(1500), as: "delay_ms")
        #expect(binds.bindings.count == 1)
        #expect(Duration.milliseconds(1500).fractionalMilliseconds == 1500)
        #expect(Duration.microseconds(250).fractionalMilliseconds == 0.25)
    }
}

/// One statement as the table sees it.
struct StatementCase: Sendable, CustomTestStringConvertible {
    let file: SQLFile
    let names: [String]
    let bindCount: Int

    init(_ statement: any OutboxStatement) {
        file = type(of: statement).file
        let binds = statement.binds
        names = binds.names
        bindCount = binds.bindings.count
    }

    var testDescription: String { file.name }
}
