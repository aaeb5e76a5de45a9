/// The statements the worker runs for every batch, row or Dixa request, each named for `PreparedQuery`. Statements
/// run inside a transaction block stay unprepared (`PostgresConnection.rows(_:_:mode:logger:)` needs to be able to run
/// a statement again).
enum HotQueries {
    enum Claim: HotQuery { static var file: SQLFile { Queries.claim } }
    enum ReopenClaim: HotQuery { static var file: SQLFile { Queries.reopenClaim } }
    enum RenewLease: HotQuery { static var file: SQLFile { Queries.renewLease } }
    enum EndUserLookupMany: HotQuery { static var file: SQLFile { Queries.endUserLookupMany } }
    enum CheckpointImportIntents: HotQuery { static var file: SQLFile { Queries.checkpointImportIntents } }
    enum CheckpointImportIntent: HotQuery { static var file: SQLFile { Queries.checkpointImportIntent } }
    enum CheckpointRequester: HotQuery { static var file: SQLFile { Queries.checkpointRequester } }
    enum ClearImportIntent: HotQuery { static var file: SQLFile { Queries.clearImportIntent } }
    enum CheckpointConversation: HotQuery { static var file: SQLFile { Queries.checkpointConversation } }
    enum CheckpointAttributes: HotQuery { static var file: SQLFile { Queries.checkpointAttributes } }
    enum CheckpointTransfer: HotQuery { static var file: SQLFile { Queries.checkpointTransfer } }
    enum Complete: HotQuery { static var file: SQLFile { Queries.complete } }
    enum CompleteMany: HotQuery { static var file: SQLFile { Queries.completeMany } }
    enum Retry: HotQuery { static var file: SQLFile { Queries.retry } }
    enum Dead: HotQuery { static var file: SQLFile { Queries.dead } }
    enum Release: HotQuery { static var file: SQLFile { Queries.release } }
    enum RateBudgetReserve: HotQuery { static var file: SQLFile { Queries.rateBudgetReserve } }
}
