/// One SQL file from `sql/`, compiled into the binary so that nothing is read from a path at run time.
public struct SQLFile: Sendable, Hashable {
    /// The file's name without `.sql`, e.g. `claim` or `0001_outbox`.
    public let name: String
    /// The file's text.
    public let text: String
    /// The name it is prepared under: the file's name and a digest of its text, so that two versions of the importer
    /// sharing server connections through a pooler never run each other's statement under one name.
    let preparedName: String

    init(_ name: String, _ bytes: [UInt8]) {
        self.name = name
        self.text = String(decoding: bytes, as: UTF8.self)
        // FNV-1a: stable across processes, unlike `Hasher`.
        let digest = bytes.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        self.preparedName = "dixa_\(name)_\(String(digest, radix: 16))"
    }
}

/// Every statement the worker runs. SwiftPM's `embedInCode` flattens folders into one namespace,
/// so file names under `sql/` are unique; a test checks this list against the folder.
public enum Queries {
    static let claim = SQLFile("claim", PackageResources.claim_sql)
    static let releaseClaim = SQLFile("release_claim", PackageResources.release_claim_sql)
    static let checkpointRequester = SQLFile("checkpoint_requester", PackageResources.checkpoint_requester_sql)
    static let checkpointImportIntent = SQLFile("checkpoint_import_intent", PackageResources.checkpoint_import_intent_sql)
    static let checkpointImportIntents = SQLFile("checkpoint_import_intents", PackageResources.checkpoint_import_intents_sql)
    static let clearImportIntent = SQLFile("clear_import_intent", PackageResources.clear_import_intent_sql)
    static let checkpointConversation = SQLFile("checkpoint_conversation", PackageResources.checkpoint_conversation_sql)
    static let checkpointAttributes = SQLFile("checkpoint_attributes", PackageResources.checkpoint_attributes_sql)
    static let checkpointTransfer = SQLFile("checkpoint_transfer", PackageResources.checkpoint_transfer_sql)
    static let recordPartialError = SQLFile("record_partial_error", PackageResources.record_partial_error_sql)
    static let complete = SQLFile("complete", PackageResources.complete_sql)
    static let completeMany = SQLFile("complete_many", PackageResources.complete_many_sql)
    static let retry = SQLFile("retry", PackageResources.retry_sql)
    static let dead = SQLFile("dead", PackageResources.dead_sql)
    static let release = SQLFile("release", PackageResources.release_sql)
    static let renewLease = SQLFile("renew_lease", PackageResources.renew_lease_sql)
    static let notifyProbe = SQLFile("notify_probe", PackageResources.notify_probe_sql)
    static let endUserLookupMany = SQLFile("end_user_lookup_many", PackageResources.end_user_lookup_many_sql)
    static let endUserLookupTenants = SQLFile("end_user_lookup_tenants", PackageResources.end_user_lookup_tenants_sql)
    static let endUserStore = SQLFile("end_user_store", PackageResources.end_user_store_sql)
    static let endUserForget = SQLFile("end_user_forget", PackageResources.end_user_forget_sql)
    static let endUserLock = SQLFile("end_user_lock", PackageResources.end_user_lock_sql)
    static let recordHalt = SQLFile("record_halt", PackageResources.record_halt_sql)
    static let resolveHalts = SQLFile("resolve_halts", PackageResources.resolve_halts_sql)
    static let requeue = SQLFile("requeue", PackageResources.requeue_sql)
    static let prune = SQLFile("prune", PackageResources.prune_sql)
    static let pendingAttributeKeys = SQLFile("pending_attribute_keys", PackageResources.pending_attribute_keys_sql)
    static let enqueue = SQLFile("enqueue", PackageResources.enqueue_sql)
    static let stateCounts = SQLFile("state_counts", PackageResources.state_counts_sql)
    static let nextDue = SQLFile("next_due", PackageResources.next_due_sql)
    static let dueCount = SQLFile("due_count", PackageResources.due_count_sql)
    static let backlogGauges = SQLFile("backlog_gauges", PackageResources.backlog_gauges_sql)
    static let rowOverview = SQLFile("row_overview", PackageResources.row_overview_sql)
    static let partialErrorsList = SQLFile("partial_errors_list", PackageResources.partial_errors_list_sql)
    static let migrationsTable = SQLFile("migrations_table", PackageResources.migrations_table_sql)
    static let migrationsLock = SQLFile("migrations_lock", PackageResources.migrations_lock_sql)
    static let migrationsApplied = SQLFile("migrations_applied", PackageResources.migrations_applied_sql)
    static let migrationsRecord = SQLFile("migrations_record", PackageResources.migrations_record_sql)
    static let migrationsRunner = SQLFile("migrations_runner", PackageResources.migrations_runner_sql)
    static let migrationsRun = SQLFile("migrations_run", PackageResources.migrations_run_sql)
    static let migrationsTableExists = SQLFile("migrations_table_exists", PackageResources.migrations_table_exists_sql)
    static let rateBudgetReserve = SQLFile("rate_budget_reserve", PackageResources.rate_budget_reserve_sql)
    static let rateBudgetPause = SQLFile("rate_budget_pause", PackageResources.rate_budget_pause_sql)

    static let webhookSubscriptionStore = SQLFile("webhook_subscription_store", PackageResources.webhook_subscription_store_sql)
    static let webhookSecret = SQLFile("webhook_secret", PackageResources.webhook_secret_sql)
    static let webhookEventStore = SQLFile("webhook_event_store", PackageResources.webhook_event_store_sql)
    static let reopenClaim = SQLFile("reopen_claim", PackageResources.reopen_claim_sql)
    static let reopenFinish = SQLFile("reopen_finish", PackageResources.reopen_finish_sql)
    static let tenantList = SQLFile("tenant_list", PackageResources.tenant_list_sql)
    static let tenantRoster = SQLFile("tenant_roster", PackageResources.tenant_roster_sql)
    static let tenantHasUnfinishedRows = SQLFile("tenant_has_unfinished_rows", PackageResources.tenant_has_unfinished_rows_sql)
    static let tenantAdd = SQLFile("tenant_add", PackageResources.tenant_add_sql)
    static let tenantUpdate = SQLFile("tenant_update", PackageResources.tenant_update_sql)
    static let tenantClear = SQLFile("tenant_clear", PackageResources.tenant_clear_sql)
    static let tenantSetEnabled = SQLFile("tenant_set_enabled", PackageResources.tenant_set_enabled_sql)
    static let tenantActiveRows = SQLFile("tenant_active_rows", PackageResources.tenant_active_rows_sql)
    static let tenantRemove = SQLFile("tenant_remove", PackageResources.tenant_remove_sql)
    static let tenantUniquePerTenant = SQLFile("tenant_unique_per_tenant", PackageResources.tenant_unique_per_tenant_sql)
    static let tenantSourceKeysShared = SQLFile("tenant_source_keys_shared", PackageResources.tenant_source_keys_shared_sql)
    static let tenantAllowSharedSourceKeys = SQLFile("tenant_allow_shared_source_keys", PackageResources.tenant_allow_shared_source_keys_sql)
    static let tenantTokensForRotation = SQLFile("tenant_tokens_for_rotation", PackageResources.tenant_tokens_for_rotation_sql)
    static let tenantReseal = SQLFile("tenant_reseal", PackageResources.tenant_reseal_sql)
    static let webhookSecretsForRotation = SQLFile("webhook_secrets_for_rotation", PackageResources.webhook_secrets_for_rotation_sql)
    static let webhookSecretReseal = SQLFile("webhook_secret_reseal", PackageResources.webhook_secret_reseal_sql)

    /// Every query file, for the test that checks this list against `sql/queries/`.
    static let all: [SQLFile] = [
        claim, releaseClaim, checkpointRequester, checkpointImportIntent, clearImportIntent, checkpointConversation, checkpointAttributes,
        checkpointTransfer,
        recordPartialError, complete, retry, dead, release, renewLease, notifyProbe, endUserStore, endUserForget, endUserLock,
        recordHalt, resolveHalts, requeue, prune, pendingAttributeKeys, enqueue,
        stateCounts,
        nextDue, dueCount, backlogGauges, rowOverview, partialErrorsList, migrationsTable, migrationsLock, migrationsApplied, migrationsRecord,
        migrationsRunner,
        migrationsRun, migrationsTableExists, webhookSubscriptionStore, webhookSecret, webhookEventStore, reopenClaim, reopenFinish,
        rateBudgetReserve, rateBudgetPause, checkpointImportIntents, completeMany, endUserLookupMany, endUserLookupTenants,
        tenantList, tenantRoster, tenantHasUnfinishedRows, tenantAdd, tenantUpdate, tenantClear, tenantSetEnabled, tenantActiveRows, tenantRemove,
        tenantUniquePerTenant, tenantAllowSharedSourceKeys, tenantSourceKeysShared,
        tenantTokensForRotation, tenantReseal, webhookSecretsForRotation, webhookSecretReseal,
    ]
}

/// The schema migrations in `sql/migrations/`, in the order they apply.
public enum Migrations {
    public static let all: [SQLFile] = [
        SQLFile("0001_outbox", PackageResources._001_outbox_sql),
        SQLFile("0002_halts", PackageResources._002_halts_sql),
        SQLFile("0003_rate_budget", PackageResources._003_rate_budget_sql),
        SQLFile("0004_escalation", PackageResources._004_escalation_sql),
        SQLFile("0005_transcript_trigger", PackageResources._005_transcript_trigger_sql),
        SQLFile("0006_outbox_autovacuum", PackageResources._006_outbox_autovacuum_sql),
        SQLFile("0007_tenants", PackageResources._007_tenants_sql),
        SQLFile("0008_scheduling", PackageResources._008_scheduling_sql),
        SQLFile("0009_console", PackageResources._009_console_sql),
        SQLFile("0010_rate_budget_unlogged", PackageResources._010_rate_budget_unlogged_sql),
    ]
}

extension Queries {
    /// Names of every embedded query file, for the test that checks them against `sql/queries/`.
    public static var names: [String] { all.map(\.name) }
}
