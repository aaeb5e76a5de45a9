import Foundation
import PostgresNIO

/// `checkpoint_requester.sql`; nil forgets a stale requester.
struct CheckpointRequesterStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.checkpointRequester
    static let runsPrepared = true
    let lease: Lease
    let requesterID: UUID?

    func bind(_ binds: inout StatementBinds) {
        binds.append(lease: lease)
        binds.append(requesterID, as: "requester_id")
    }
}

/// `checkpoint_import_intent.sql`, written before the import request goes out.
struct CheckpointImportIntentStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.checkpointImportIntent
    static let runsPrepared = true
    let lease: Lease
    let requesterID: UUID
    let createdAt: Date

    func bind(_ binds: inout StatementBinds) {
        binds.append(lease: lease)
        binds.append(requesterID, as: "requester_id")
        binds.append(createdAt, as: "import_created_at")
    }
}

/// `checkpoint_import_intents.sql`: the intents of a whole batch; returns the rows whose lease held.
struct CheckpointImportIntentsStatement: OutboxStatement {
    static let file = Queries.checkpointImportIntents
    static let runsPrepared = true
    let intents: [ImportIntent]

    func bind(_ binds: inout StatementBinds) {
        binds.append(intents.map(\.lease.rowID), as: "ids")
        binds.append(intents.map(\.lease.token), as: "lease_tokens")
        binds.append(intents.map(\.requesterID), as: "requester_ids")
        binds.append(intents.map(\.createdAt), as: "import_created_ats")
    }

    func decode(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
}

/// `clear_import_intent.sql`, after Dixa definitely refused the import.
struct ClearImportIntentStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.clearImportIntent
    static let runsPrepared = true
    let lease: Lease

    func bind(_ binds: inout StatementBinds) { binds.append(lease: lease) }
}

/// `checkpoint_conversation.sql`: the conversation Dixa created, or that reconciliation adopted.
struct CheckpointConversationStatement: OutboxStatement, Leased {
    typealias Row = Void
    static let file = Queries.checkpointConversation
    static let runsPrepared = true
    let lease: Lease
    let conversationID: Int64

    func bind(_ binds: inout StatementBinds) {
        binds.append(lease: lease)
        binds.append(conversationID, as: "conversation_id")
    }
}

/// `checkpoint_attributes.sql`: the attribute step is done.
struct CheckpointAttributesStatement: OutboxStatement, Leased {
    typealias Row = Void
    static let file = Queries.checkpointAttributes
    static let runsPrepared = true
    let lease: Lease

    func bind(_ binds: inout StatementBinds) { binds.append(lease: lease) }
}

/// `checkpoint_transfer.sql`: the escalation sits in its queue.
struct CheckpointTransferStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.checkpointTransfer
    static let runsPrepared = true
    let lease: Lease
    let conversationID: Int64
    let queueID: UUID

    func bind(_ binds: inout StatementBinds) {
        binds.append(lease: lease)
        binds.append(conversationID, as: "conversation_id")
        binds.append(queueID, as: "queue_id")
    }
}

/// `record_partial_error.sql`: one thing Dixa could not apply, kept for the operator.
struct RecordPartialErrorStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.recordPartialError
    let lease: Lease
    let conversationID: Int64
    /// `import` or `attributes`.
    let source: String
    let message: String

    func bind(_ binds: inout StatementBinds) {
        binds.append(lease: lease)
        binds.append(conversationID, as: "conversation_id")
        binds.append(source, as: "source")
        binds.append(message, as: "message")
    }
}
