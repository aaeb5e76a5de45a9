import DixaAPI
import Foundation
import Logging
import Outbox
import Synchronization

/// The tenants a worker imports for, kept current from its `TenantSource`, each with what the worker keeps for it (the
/// row handler, with its attribute definitions), and the tenants halted on a configuration problem.
///
/// A halt is per tenant: a halted tenant's rows are left out of every claim and handed back when already claimed, while
/// every other tenant goes on. `run` tries a halted tenant again after `haltRecheckInterval`; `drain` does not.
final class TenantRoster: Sendable {
    private struct Entry {
        /// Nil for the bench's shared handler, which never calls Dixa.
        let tenant: Tenant?
        let handler: any RowHandler
    }

    private struct State {
        var entries: [String: Entry] = [:] {
            didSet { claimable = nil }
        }
        /// Tenants that exist but cannot be worked, from the source.
        var unavailable: [String: ConfigurationHalt] = [:]
        /// Halts the rows met, and when.
        var halts: [String: (halt: ConfigurationHalt, since: ContinuousClock.Instant)] = [:] {
            didSet { claimable = nil }
        }
        /// `claimablePaced`, kept until the entries or the halts change: every claim and every row written back asks
        /// for it, and sorting the tenants each time took 3.6 % of a worker's CPU with 100 tenants.
        var claimable: [(name: String, pace: TenantPace?)]?
        var loadedAt: ContinuousClock.Instant?
        /// Tenants whose recorded halts may still be open: each is marked over at its next import. Every tenant at
        /// first (an earlier process may have halted it), and a tenant again when its halt ends here.
        var haltsMayBeOpen: Set<String> = []
    }

    private let source: any TenantSource
    /// Set by `dixa-bench`: one handler for every tenant's rows.
    private let sharedHandler: (any RowHandler)?
    private let store: OutboxStore
    private let configuration: ImporterConfiguration
    private let logger: Logger
    private let state = Mutex(State())

    init(source: any TenantSource, store: OutboxStore, configuration: ImporterConfiguration, logger: Logger) {
        self.source = source
        self.sharedHandler = nil
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    /// The default tenant's rows alone, all decided by `handler`.
    init(sharedHandler handler: any RowHandler, store: OutboxStore, configuration: ImporterConfiguration, logger: Logger) {
        self.source = FixedTenants([])
        self.sharedHandler = handler
        self.store = store
        self.configuration = configuration
        self.logger = logger
        state.withLock { state in
            state.entries = [Tenants.defaultName: Entry(tenant: nil, handler: handler)]
            state.loadedAt = .now
        }
    }

    /// Asks the source again when `tenantRefreshInterval` has passed since it last answered (or always, with `force`).
    /// A tenant whose settings did not change keeps its handler, and with it its caches. Throws only when the source
    /// has never answered: later failures keep the tenants last known.
    func refresh(force: Bool = false) async throws {
        let now = ContinuousClock.now
        let due = state.withLock { state in
            force || state.loadedAt.map { now - $0 >= configuration.tenantRefreshInterval } ?? true
        }
        guard due, sharedHandler == nil else { return }
        let snapshot: TenantSnapshot
        do {
            snapshot = try await source.tenants()
        } catch {
            let known = state.withLock { $0.loadedAt != nil }
            guard known else { throw error }
            logger.warning(
                "could not read the tenants; going on with those last known",
                metadata: ["error": "\(String(reflecting: error).prefix(200))"]
            )
            return
        }
        let (added, removed, newlyUnavailable, recovered) = state.withLock { state -> ([String], [String], [ConfigurationHalt], [String]) in
            var entries: [String: Entry] = [:]
            for tenant in snapshot.tenants {
                if let kept = state.entries[tenant.name], kept.tenant?.revision == tenant.revision {
                    entries[tenant.name] = kept
                } else {
                    entries[tenant.name] = Entry(tenant: tenant, handler: makeHandler(tenant))
                }
            }
            let added = Set(entries.keys).subtracting(state.entries.keys)
            state.haltsMayBeOpen.formUnion(added)
            let removed = Set(state.entries.keys).subtracting(entries.keys)
            state.entries = entries
            let unavailable = Dictionary(snapshot.unavailable.map { ($0.tenant, $0) }) { first, _ in first }
            let newlyUnavailable = unavailable.values.filter { state.unavailable[$0.tenant] != $0 }
            let recovered = state.unavailable.keys.filter { unavailable[$0] == nil }
            state.unavailable = unavailable
            for name in removed { state.halts[name] = nil }
            state.loadedAt = now
            return (added.sorted(), removed.sorted(), newlyUnavailable, recovered)
        }
        if !added.isEmpty || !removed.isEmpty {
            logger.info("tenants", metadata: ["importing": "\(names.joined(separator: ","))", "added": "\(added)", "removed": "\(removed)"])
        }
        // Reported once, when it starts, like a halt: the log, the gauge and the `halts` report.
        for problem in newlyUnavailable {
            logger.error("tenant cannot be worked; its rows wait", metadata: ["tenant": "\(problem.tenant)", "problem": "\(problem)"])
            WorkerMetrics.halted(tenant: problem.tenant, true)
            try? await store.recordHalt(worker: configuration.workerName, tenant: problem.tenant, cause: problem.cause, remedy: problem.remedy)
        }
        for tenant in recovered {
            logger.info("tenant can be worked again", metadata: ["tenant": "\(tenant)"])
            WorkerMetrics.halted(tenant: tenant, false)
        }
    }

    private func makeHandler(_ tenant: Tenant) -> any RowHandler {
        RowProcessor(store: store, tenant: tenant, configuration: configuration, logger: logger)
    }

    /// Every tenant the worker knows, halted or not.
    var names: [String] { state.withLock { $0.entries.keys.sorted() } }

    /// The tenants whose rows may be claimed now: known, and not halted.
    var claimable: [String] { claimablePaced.map(\.name) }

    /// As `claimable`, each with its pace.
    var claimablePaced: [(name: String, pace: TenantPace?)] {
        state.withLock { state in
            if let claimable = state.claimable { return claimable }
            let claimable: [(name: String, pace: TenantPace?)] = state.entries.filter { state.halts[$0.key] == nil }
                .map { (name: $0.key, pace: $0.value.tenant?.pace) }.sorted { $0.name < $1.name }
            state.claimable = claimable
            return claimable
        }
    }

    func handler(for tenant: String) -> (any RowHandler)? { state.withLock { $0.entries[tenant]?.handler } }

    func tenant(named name: String) -> Tenant? { state.withLock { $0.entries[name]?.tenant ?? nil } }

    /// Why `tenant`'s rows are handed back, if they are.
    func halt(of tenant: String) -> ConfigurationHalt? {
        state.withLock { state in
            if let halt = state.halts[tenant]?.halt { return halt }
            if state.entries[tenant] == nil { return state.unavailable[tenant] }
            return nil
        }
    }

    /// Every tenant halted now, and every tenant that cannot be worked, by name.
    var halts: [String: ConfigurationHalt] {
        state.withLock { state in
            state.unavailable.merging(state.halts.mapValues(\.halt)) { _, halt in halt }
        }
    }

    /// Halts `halt.tenant`. Returns true for the first row to meet it, which reports it.
    func enterHalt(_ halt: ConfigurationHalt) -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard state.halts[halt.tenant] == nil else { return false }
            state.halts[halt.tenant] = (halt, now)
            return true
        }
    }

    /// `run`: ends the halts older than `haltRecheckInterval`, so that the next claim tries those tenants again.
    /// Returns the tenants it let go.
    func endExpiredHalts() -> [ConfigurationHalt] {
        let now = ContinuousClock.now
        let ended = state.withLock { state -> [ConfigurationHalt] in
            let expired = state.halts.filter { now - $0.value.since >= configuration.haltRecheckInterval }
            for name in expired.keys { state.halts[name] = nil }
            state.haltsMayBeOpen.formUnion(expired.keys)
            return expired.values.map(\.halt)
        }
        for halt in ended {
            logger.info("retrying after the configuration halt", metadata: ["tenant": "\(halt.tenant)", "cause": "\(halt.cause)"])
        }
        return ended
    }

    /// Whether `tenant`'s recorded halts are to be marked over now that it imported; true once per time they may be open.
    func takeOpenHalts(of tenant: String) -> Bool {
        state.withLock { $0.haltsMayBeOpen.remove(tenant) != nil }
    }

    /// Marking `tenant`'s halts over failed: the next import tries again.
    func haltsMayStillBeOpen(_ tenant: String) {
        _ = state.withLock { $0.haltsMayBeOpen.insert(tenant) }
    }

    /// How long until the first halt may be tried again; nil when no tenant is halted.
    func untilNextRecheck() -> Duration? {
        let now = ContinuousClock.now
        return state.withLock { state in
            state.halts.values.map { max(.zero, $0.since + configuration.haltRecheckInterval - now) }.min()
        }
    }
}
