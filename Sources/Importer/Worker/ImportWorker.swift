import DixaAPI
import Foundation
import Logging
import Metrics
import Outbox
import ServiceLifecycle
import Synchronization

/// Claims due outbox rows in batches and imports them into Dixa.
///
/// - `drain()` imports every due row and returns; it stops early on a configuration halt.
/// - `run()` (the `Service`) lives until graceful shutdown: it wakes on NOTIFY, polls as a safety net,
///   and after a configuration halt tries again every `haltRecheckInterval`.
///
/// On graceful shutdown it stops claiming and lets the rows in flight finish.
public final class ImportWorker: Service, Sendable {
    let store: OutboxStore
    let processor: RowProcessor
    let reopenRequests: ReopenRequestProcessor
    let completer: ImportCompleter
    let configuration: ImporterConfiguration
    let logger: Logger
    private let wake = WakeSignal()
    private let state = Mutex(WorkerSummary())
    /// When reopen requests were last looked for; nil makes the next batch look.
    private let reopenRequestsCheckedAt = Mutex<ContinuousClock.Instant?>(nil)
    /// Benchmark only (`ImportWorker.queueOnly`): rows go claim → checkpoint → complete without any Dixa call.
    let skipsDixa = Atomic<Bool>(false)

    public init(store: OutboxStore, dixa: DixaClient, configuration: ImporterConfiguration, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.processor = RowProcessor(store: store, dixa: dixa, configuration: configuration, logger: logger)
        self.reopenRequests = ReopenRequestProcessor(store: store, dixa: dixa, configuration: configuration, logger: logger)
        self.completer = ImportCompleter(store: store, worker: configuration.workerName)
    }

    /// What the worker has done so far.
    public var summary: WorkerSummary { state.withLock { $0 } }

    /// True while stopped on a configuration problem; `/health` fails then.
    public var isHalted: Bool { summary.halt != nil }

    /// Imports every due row, then returns. Returns early, with `halt` set, on a configuration problem,
    /// and when `deadline` passes (rows in flight finish first).
    @discardableResult
    public func drain(until deadline: ContinuousClock.Instant? = nil) async throws -> WorkerSummary {
        var outage: DatabaseOutage?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if let deadline, ContinuousClock.now >= deadline { break }
            do {
                let processed = try await processWhileDue(until: deadline)
                outage = nil
                if summary.halt != nil || processed == 0 { break }
            } catch {
                // The database restarted or the connection dropped: back off and carry on, up to a limit.
                var current = outage ?? DatabaseOutage(limit: configuration.databaseOutageLimit)
                guard let wait = current.nextWait() else { throw error }
                outage = current
                logger.error("database unavailable; retrying", metadata: ["error": "\(String(reflecting: error).prefix(300))", "in": "\(wait)"])
                try await Task.sleep(for: wait)
            }
        }
        return summary
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        logger.info("worker started", metadata: ["worker": "\(configuration.workerName)", "concurrency": "\(configuration.concurrency)"])
        await withDiscardingTaskGroup { group in
            group.addTask { await self.listenForInserts() }
            group.addTask { await self.refreshBacklogGauges() }
            await withGracefulShutdownHandler {
                await self.claimLoop()
            } onGracefulShutdown: {
                self.wake.signal()
            }
            group.cancelAll()
        }
        logger.info("worker stopped", metadata: ["imported": "\(summary.imported)", "dead": "\(summary.dead)"])
    }

    private func claimLoop() async {
        var outage: DatabaseOutage?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let processed = try await processWhileDue(until: nil)
                outage = nil
                if let halt = summary.halt {
                    // A halt lasts the whole recheck interval: INSERTs keep notifying, but each would only meet
                    // the same configuration problem. Only a shutdown ends it early.
                    let until = ContinuousClock.now + configuration.haltRecheckInterval
                    while ContinuousClock.now < until, !Task.isShuttingDownGracefully, !Task.isCancelled {
                        await wake.wait(timeout: until - ContinuousClock.now)
                    }
                    state.withLock { $0.halt = nil }
                    logger.info("retrying after the configuration halt", metadata: ["cause": "\(halt.cause)"])
                } else if processed == 0 {
                    await wake.wait(timeout: try await idleTimeout())
                }
            } catch {
                // `run` never gives up on the database; it keeps backing off, `DatabaseOutage.longestWait` at most.
                var current = outage ?? DatabaseOutage(limit: nil)
                let wait = current.nextWait() ?? DatabaseOutage.longestWait
                outage = current
                logger.error("database unavailable; retrying", metadata: ["error": "\(String(reflecting: error).prefix(300))", "in": "\(wait)"])
                // The LISTEN connection coming back (it wakes the loop when it subscribes) ends the wait early.
                await wake.wait(timeout: wait)
            }
        }
    }

    /// Keeps the backlog gauges current from SQL every 15 seconds while `run` runs.
    private func refreshBacklogGauges() async {
        while !Task.isCancelled {
            if let backlog = try? await store.backlog() {
                Gauge(label: "dixa_importer_backlog_due_rows").record(backlog.due)
                Gauge(label: "dixa_importer_oldest_due_age_seconds").record(backlog.oldestDueAge)
            }
            try? await Task.sleep(for: .seconds(15))
        }
    }

    /// The poll interval, or less when a retry falls due sooner.
    private func idleTimeout() async throws -> Duration {
        guard let next = try await store.nextDue() else { return configuration.pollInterval }
        let untilDue = Duration.milliseconds(Int64(max(0, next.timeIntervalSinceNow) * 1000) + 5)
        return min(untilDue, configuration.pollInterval)
    }

    /// Holds a LISTEN connection, reconnecting with backoff; every notification wakes the claim loop.
    /// The first subscription is checked with a probe notification: behind a pooler in transaction mode
    /// (PgBouncer) notifications never arrive, and the worker then says it relies on polling.
    private func listenForInserts() async {
        var backoff = Duration.milliseconds(250)
        let probe = NotifyProbe(payload: "probe:\(UUID().uuidString)")
        var probed = false
        while !Task.isCancelled {
            let subscribed = Flag()
            do {
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask {
                        try await self.store.listen(
                            onSubscribed: { subscribed.set() },
                            onNotify: { payload in
                                probe.received(payload)
                                self.wake.signal()
                            }
                        )
                    }
                    if !probed {
                        probed = true
                        group.addTask { await self.checkNotifications(probe, subscribed: subscribed) }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("LISTEN connection lost; polling until it is back", metadata: ["error": "\(String(reflecting: error).prefix(200))"])
            }
            if subscribed.isSet { backoff = .milliseconds(250) }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, DatabaseOutage.longestWait)
        }
    }

    private func checkNotifications(_ probe: NotifyProbe, subscribed: Flag) async {
        let deadline = ContinuousClock.now + configuration.notifyProbeTimeout
        while !subscribed.isSet, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        do {
            try await store.sendProbe(probe.payload)
        } catch {
            logger.warning("could not send the NOTIFY probe", metadata: ["error": "\(String(reflecting: error).prefix(200))"])
            return
        }
        if await probe.wait(until: deadline + configuration.notifyProbeTimeout) {
            logger.info("wake-up on INSERT works: the probe NOTIFY arrived")
        } else {
            logger.warning(
                "NOTIFY does not reach this worker (a pooler such as PgBouncer in transaction mode drops it); falling back to polling",
                metadata: ["poll_interval": "\(configuration.pollInterval)"]
            )
        }
    }

    /// Claims and works batches, `configuration.lanes` of them side by side, until none finds a due row (or a halt,
    /// a shutdown or `deadline` stops it). Returns how many rows (and reopen requests) were processed.
    func processWhileDue(until deadline: ContinuousClock.Instant?) async throws -> Int {
        reopenRequestsCheckedAt.withLock { $0 = nil }
        guard configuration.lanes > 1 else { return try await claimWhileDue(until: deadline) }
        // A lane that meets an error stops alone: the others finish their batches rather than being cancelled (which
        // would hand their rows back), and most likely meet the same error at their next claim.
        let (total, firstError) = await withTaskGroup(of: Result<Int, any Error>.self) { group in
            for _ in 0..<configuration.lanes {
                group.addTask {
                    do { return .success(try await self.claimWhileDue(until: deadline)) } catch { return .failure(error) }
                }
            }
            var total = 0
            var firstError: (any Error)?
            for await result in group {
                switch result {
                case .success(let processed): total += processed
                case .failure(let error): firstError = firstError ?? error
                }
            }
            return (total, firstError)
        }
        if let firstError { throw firstError }
        return total
    }

    private func claimWhileDue(until deadline: ContinuousClock.Instant?) async throws -> Int {
        var total = 0
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if let deadline, ContinuousClock.now >= deadline { break }
            let processed = try await claimAndProcessBatch()
            total += processed
            if summary.halt != nil || processed == 0 { break }
        }
        return total
    }

    /// Claims one batch of at most `batchSize` rows and processes it, every row at once. Returns how many it claimed.
    ///
    /// After a graceful shutdown begins, rows still in flight when `shutdownGrace` runs out are cancelled;
    /// each hands its row back at once, due now and with its attempt undone.
    func claimAndProcessBatch() async throws -> Int {
        let reopened = summary.halt == nil && reopenRequestsAreDue() ? try await reopenRequests.processDue() : 0
        let rows = try await claim()
        guard !rows.isEmpty else { return reopened }
        state.withLock { $0.claimed += rows.count }
        Counter(label: "dixa_importer_rows_claimed_total").increment(by: rows.count)
        let reclaimed = rows.filter(\.reclaimed).count
        if reclaimed > 0 {
            Counter(label: "dixa_importer_leases_reclaimed_total").increment(by: reclaimed)
            logger.notice("took over rows whose lease had expired", metadata: ["rows": "\(reclaimed)"])
        }
        let prepared = await prepare(rows)
        await withTaskGroup(of: BatchEvent.self) { group in
            for row in rows {
                group.addTask {
                    await self.process(row, prepared: prepared[row.lease.rowID])
                    return .rowFinished
                }
            }
            group.addTask { await self.waitForShutdownGrace() ? .graceExpired : .watchdogStopped }
            var finished = 0
            for await event in group {
                switch event {
                case .rowFinished:
                    finished += 1
                    if finished == rows.count { group.cancelAll() }
                case .graceExpired:
                    logger.warning(
                        "shutdown grace period is over; handing back the rows still in flight",
                        metadata: ["rows": "\(rows.count - finished)"]
                    )
                    group.cancelAll()
                case .watchdogStopped:
                    break
                }
            }
        }
        return rows.count + reopened
    }

    /// Claims a batch under a lease token of its own. When the claim's answer is lost with the connection, the claim
    /// may have committed, leaving rows leased to this worker that it never saw: they are handed back by that token
    /// as soon as the database answers, rather than after their lease.
    private func claim() async throws -> [ClaimedRow] {
        let token = UUID()
        do {
            return try await store.claim(
                limit: configuration.batchSize,
                worker: configuration.workerName,
                lease: configuration.leaseDuration,
                token: token
            )
        } catch  where OutboxError.isConnectionLoss(error) {
            do {
                let handedBack = try await retryingWhileDatabaseIsAway(
                    for: configuration.leaseDuration,
                    "handing back a claim whose answer was lost",
                    logger: logger
                ) {
                    try await store.releaseClaim(token: token, worker: configuration.workerName)
                }
                if handedBack > 0 { logger.notice("handed back the rows of a claim whose answer was lost", metadata: ["rows": "\(handedBack)"]) }
            } catch {
                logger.warning(
                    "could not hand back a claim whose answer was lost; its rows return when their lease expires",
                    metadata: ["error": "\(String(reflecting: error).prefix(200))"]
                )
            }
            throw error
        }
    }

    /// Reopen requests are few, so they are looked for by the first batch of each pass (a NOTIFY or a poll starts
    /// one) and then at most once every `reopenCheckInterval` while rows flow, not by every batch: at small batch
    /// sizes that statement was one in four of the worker's.
    private func reopenRequestsAreDue() -> Bool {
        let now = ContinuousClock.now
        return reopenRequestsCheckedAt.withLock { checkedAt in
            if let checkedAt, now - checkedAt < configuration.reopenCheckInterval { return false }
            checkedAt = now
            return true
        }
    }

    private enum BatchEvent {
        case rowFinished
        case graceExpired
        case watchdogStopped
    }

    /// Returns true once a graceful shutdown has lasted `shutdownGrace`; false when cancelled first.
    private func waitForShutdownGrace() async -> Bool {
        do {
            try await gracefulShutdown()
            try await Task.sleep(for: configuration.shutdownGrace)
            return true
        } catch {
            return false
        }
    }

    /// The batch's shared statements (`RowProcessor.prepare`); nothing while halted, since no row is worked then.
    private func prepare(_ rows: [ClaimedRow]) async -> [Int64: PreparedRow] {
        if summary.halt != nil { return [:] }
        if skipsDixa.load(ordering: .relaxed) { return await queueOnlyPrepare(rows) }
        return await processor.prepare(rows)
    }

    private func process(_ row: ClaimedRow, prepared: PreparedRow?) async {
        let startedAt = Date()
        let counter = DixaCallCounter()
        let decision: RowDecision
        if let halt = summary.halt {
            decision = .release(code: .configuration, message: halt.description, after: .zero)
        } else if skipsDixa.load(ordering: .relaxed) {
            decision = await queueOnlyDecision(row, prepared: prepared)
        } else {
            decision = await withTaskGroup(of: RowDecision?.self) { group in
                group.addTask { await DixaCallCounter.$current.withValue(counter) { await self.processor.decide(row, prepared: prepared) } }
                group.addTask { await self.keepLeaseAlive(row.lease) }
                // The first non-nil answer wins: the decision, or `.leaseLost` from the renewal.
                var decision = RowDecision.leaseLost
                for await answer in group {
                    if let answer {
                        decision = answer
                        break
                    }
                }
                group.cancelAll()
                return decision
            }
        }
        // Written from a task of its own: a shutdown cancels this one, and the hand-back must still land.
        let write = Task { await self.write(decision, for: row, startedAt: startedAt, calls: counter.value) }
        await write.value
    }

    /// Renews the row's lease every half lease while it is processed. Returns `.leaseLost` if another
    /// worker took the row over; nil when cancelled because processing ended.
    private func keepLeaseAlive(_ lease: Lease) async -> RowDecision? {
        while true {
            do {
                try await Self.sleepInSteps(configuration.leaseDuration / 2)
                guard try await store.renew(lease, for: configuration.leaseDuration) else {
                    logger.warning("lease lost while processing; stopping work on the row", metadata: ["row": "\(lease.rowID)"])
                    return .leaseLost
                }
            } catch is CancellationError {
                return nil
            } catch {
                logger.warning(
                    "could not renew a lease; trying again",
                    metadata: ["row": "\(lease.rowID)", "error": "\(String(reflecting: error).prefix(200))"]
                )
            }
        }
    }

    private func write(_ decision: RowDecision, for row: ClaimedRow, startedAt: Date, calls: Int) async {
        let metadata: Logger.Metadata = ["row": "\(row.lease.rowID)", "source_key": "\(row.sourceKey)", "attempt": "\(row.attempts)"]
        let worker = configuration.workerName
        let (outcome, record): (RowOutcome, AttemptRecord)
        var completion: ImportedRow?
        switch decision {
        case .imported(let conversation):
            (outcome, record) = (.imported, AttemptRecord(worker: worker, startedAt: startedAt, dixaCalls: calls))
            completion = ImportedRow(lease: row.lease, unrecordedConversationID: conversation.unrecordedID, startedAt: startedAt, dixaCalls: calls)
        case .retry(let code, let message, let status, let notBefore):
            let delay = max(configuration.retry.delay(afterAttempt: row.attempts), notBefore)
            logger.warning("attempt failed; will retry", metadata: metadata.merging(["error": "\(message)", "in": "\(delay)"]) { $1 })
            (outcome, record) = (
                .retry(after: delay),
                AttemptRecord(
                    worker: worker,
                    startedAt: startedAt,
                    dixaCalls: calls,
                    errorCode: code.description,
                    httpStatus: status,
                    message: message
                )
            )
        case .dead(let code, let message, let status):
            logger.error("row is dead", metadata: metadata.merging(["error_code": "\(code)", "error": "\(message)"]) { $1 })
            (outcome, record) = (
                .dead,
                AttemptRecord(
                    worker: worker,
                    startedAt: startedAt,
                    dixaCalls: calls,
                    errorCode: code.description,
                    httpStatus: status,
                    message: message
                )
            )
        case .release(let code, let message, let delay):
            // Shutdown and halts report themselves once for all their rows; other hand-backs are told row by row.
            if code != .shutdown && code != .configuration {
                logger.warning(
                    "row handed back without burning an attempt",
                    metadata: metadata.merging(["reason": "\(message)", "in": "\(delay)"]) { $1 }
                )
            }
            (outcome, record) = (
                .released(after: delay),
                AttemptRecord(worker: worker, startedAt: startedAt, dixaCalls: calls, errorCode: code.description, message: message)
            )
        case .halt(let halt):
            let first = state.withLock { state -> Bool in
                defer { state.halt = halt }
                return state.halt == nil
            }
            if first {
                logger.critical("halted: \(halt)")
                do {
                    try await store.recordHalt(worker: worker, cause: halt.cause, remedy: halt.remedy)
                } catch {
                    logger.warning("could not record the halt", metadata: ["error": "\(String(reflecting: error).prefix(200))"])
                }
            }
            (outcome, record) = (
                .released(after: .zero),
                AttemptRecord(
                    worker: worker,
                    startedAt: startedAt,
                    dixaCalls: calls,
                    errorCode: RowErrorCode.configuration.description,
                    message: halt.description
                )
            )
        case .leaseLost:
            logger.warning("lease lost; another worker holds the row now", metadata: metadata)
            state.withLock {
                $0.leaseLost += 1
                $0.dixaCalls += calls
            }
            return
        }
        do {
            // The lease is still this worker's: if the database went away, wait for it rather than for the lease.
            let written = try await retryingWhileDatabaseIsAway(
                for: configuration.leaseDuration,
                "recording a row's outcome",
                logger: logger,
                metadata: metadata
            ) {
                if let completion { return try await completer.complete(completion) }
                return try await store.finish(row.lease, outcome, record)
            }
            state.withLock { summary in
                summary.dixaCalls += calls
                guard written else {
                    summary.leaseLost += 1
                    return
                }
                switch outcome {
                case .imported: summary.imported += 1
                case .retry: summary.retried += 1
                case .dead: summary.dead += 1
                case .released: summary.released += 1
                }
            }
            if written {
                Self.count(outcome, errorCode: record.errorCode)
            }
            if !written {
                // Or the outcome had been written by an earlier try whose answer the connection lost.
                logger.warning("lease lost before the write-back; another worker holds the row now", metadata: metadata)
            } else if outcome == .imported {
                logger.info("imported", metadata: metadata.merging(["dixa_calls": "\(calls)"]) { $1 })
            }
        } catch {
            logger.error(
                "could not record the outcome; the row returns when its lease expires",
                metadata: metadata.merging(["error": "\(String(reflecting: error).prefix(300))"]) { $1 }
            )
        }
    }

    /// The outcome counters: rows imported, retried, dead and handed back, by error code.
    private static func count(_ outcome: RowOutcome, errorCode: String?) {
        let code = errorCode ?? "none"
        switch outcome {
        case .imported: Counter(label: "dixa_importer_rows_imported_total").increment()
        case .retry: Counter(label: "dixa_importer_rows_retried_total", dimensions: [("error_code", code)]).increment()
        case .dead: Counter(label: "dixa_importer_rows_dead_total", dimensions: [("error_code", code)]).increment()
        case .released: Counter(label: "dixa_importer_rows_released_total", dimensions: [("reason", code)]).increment()
        }
    }
}
