import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Outbox
import TestSupport
import Testing

@Suite("Sharing the Dixa request budget through PostgreSQL")
struct SharedBudgetTests {
    /// Dixa's limit, with Retry-After so that a 429 in the contrast test costs seconds, not minutes.
    static let dixaLimit = SandboxRateLimit(requestsPerSecond: 10, burst: 4, sendRetryAfter: true)

    /// 30 rows of 6 requesters, every third with attributes: a mix of lookups, creations, imports and PATCHes.
    static func enqueueMix(_ env: TestEnvironment) async throws {
        for index in 0..<30 {
            let attributes = index % 3 == 0 ? #"{"order_id":"A-\#(index)"}"# : nil
            try await env.enqueue("mix-\(index)", Transcripts.simple(email: "r\(index % 6)@example.com", attributes: attributes))
        }
    }

    /// Runs three workers at once, each with a Dixa client and pacer of its own (as three processes would have),
    /// then one more drain for rows a 429 handed back.
    static func drainWithThreeWorkers(_ env: TestEnvironment, pacers: [any RequestPacer]) async throws {
        let workers = pacers.enumerated().map { index, pacer in
            var configuration = TestEnvironment.fastConfiguration()
            configuration.workerName = "sharer-\(index)"
            return env.worker(configuration, budget: env.budget(pacer))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in workers {
                group.addTask { try await worker.drain() }
            }
            try await group.waitForAll()
        }
        try await env.drainUntilSettled(workers[0], budget: .seconds(120))
    }

    @Test("three workers sharing one token through PostgreSQL import every row exactly once, each requester once")
    func threeSharersImportOnce() async throws {
        // How close to the budget they run, and whether any request meets a 429, are figures of the machine's speed:
        // dixa-bench measures them (BENCHMARKS.md, the budget rows). Here: what the sharing must never cost.
        try await TestEnvironment.with(sandboxConfiguration: SandboxConfiguration(rateLimit: Self.dixaLimit)) { env in
            try await Self.enqueueMix(env)
            let key = DixaToken(TestEnvironment.token).budgetKey
            try await env.withRateBudgets(3) { budgets in
                try await Self.drainWithThreeWorkers(
                    env,
                    pacers: budgets.map { SharedRequestPacer(budget: $0, key: key, requestsPerSecond: 10, burst: 4) }
                )
            }
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'imported'") == 30)
            let imported = await env.sandbox.conversations().compactMap(\.externalId)
            #expect(imported.count == 30 && Set(imported).count == 30)
            #expect(await env.sandbox.endUsers().count == 6)
            // A 429 only ever hands a row back: it never burns an attempt.
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE error_code = 'rate_limited' AND outcome <> 'released'") == 0)
        }
    }

    @Test("three sharers of one budget get one sequence of slots: the burst at once, then one slot per interval, whoever asks")
    func sharersInterleaveIntoOneSequence() async throws {
        try await TestEnvironment.with { env in
            // One request every 10 s with a burst tolerance of 20 s (three at once), reserved in turn by three stores
            // with pools of their own, as three processes would have them. Slot k starts (k - 2) × 10 s after the first
            // (k ≥ 3), whoever asks. Long intervals, and the time the statements took is measured and allowed for, so how
            // fast the machine runs them does not matter.
            try await env.withRateBudgets(3) { sharers in
                let clock = ContinuousClock()
                let first = clock.now
                var waits: [Duration] = []
                for index in 0..<9 {
                    waits.append(
                        try await sharers[index % 3].reserveRequestSlot(budget: "sha256:shared", interval: .seconds(10), tolerance: .seconds(20)).wait
                    )
                }
                // Every statement ran within `elapsed` of the first, so each slot's start, seen from the first request,
                // is known to within `elapsed`.
                let elapsed = clock.now - first + .milliseconds(1)
                #expect(waits[0..<3].allSatisfy { $0 == .zero }, "\(waits)")
                for (index, wait) in waits.enumerated().dropFirst(3) {
                    let expected = Duration.seconds(10) * (index - 2)
                    #expect(
                        wait <= expected + .milliseconds(1) && wait >= expected - elapsed,
                        "slot \(index) waits \(wait), expected \(expected) less up to \(elapsed)"
                    )
                }
            }
            #expect(try await env.count("SELECT count(*) FROM dixa_rate_budget") == 1)
        }
    }

    @Test("a 429 seen by one sharer holds back every sharer of the token, and no other token")
    func pauseIsShared() async throws {
        try await TestEnvironment.with { env in
            try await env.withRateBudgets(2) { budgets in
                let one = SharedRequestPacer(budget: budgets[0], key: "sha256:one", requestsPerSecond: 10, burst: 4)
                let clock = ContinuousClock()
                let pausedAt = clock.now
                try await one.pause(for: .seconds(30))
                let tolerance = Duration.milliseconds(250)
                let otherSharer = try await budgets[1].reserveRequestSlot(budget: "sha256:one", interval: .milliseconds(100), tolerance: tolerance)
                    .wait
                // The pause runs from its own statement, so time that passed before the second one (seconds, on a loaded
                // machine) has already been waited.
                let between = clock.now - pausedAt
                #expect(otherSharer > .seconds(29) - between && otherSharer <= .seconds(30), "waits \(otherSharer), \(between) after the pause")
                let otherToken = try await budgets[1].reserveRequestSlot(budget: "sha256:two", interval: .milliseconds(100), tolerance: tolerance)
                    .wait
                #expect(otherToken == .zero)
            }
        }
    }

    @Test("a shared slot says when the server reckoned it, and the pacer's lateness is never more than its whole wait")
    func latenessIsBounded() async throws {
        try await TestEnvironment.with { env in
            try await env.withRateBudget { budget in
                let before = Date()
                let slot = try await budget.reserveRequestSlot(budget: "sha256:late", interval: .milliseconds(100), tolerance: .zero)
                // The server's clock is this machine's: the slot was reckoned between asking and now.
                #expect(slot.reckonedAt.timeIntervalSince(before) > -1 && slot.reckonedAt.timeIntervalSinceNow < 1, "\(slot.reckonedAt)")
                let pacer = SharedRequestPacer(budget: budget, key: "sha256:late", requestsPerSecond: 10, burst: 1)
                for _ in 0..<3 {
                    let clock = ContinuousClock()
                    let started = clock.now
                    let lateness = try await pacer.acquire()
                    let elapsed = clock.now - started
                    #expect(lateness >= .zero && lateness <= elapsed, "late \(lateness) in an acquire of \(elapsed)")
                }
            }
        }
    }

    @Test("the budget is keyed by a hash of the token; the token is never stored")
    func keyIsAHash() async throws {
        let token = DixaToken("super-secret-token-value")
        #expect(token.budgetKey.hasPrefix("sha256:") && token.budgetKey.count == 7 + 64)
        #expect(!token.budgetKey.contains("super-secret"))
        #expect(token.budgetKey == DixaToken("  super-secret-token-value\n").budgetKey)
        #expect(token.budgetKey != DixaToken("another-token").budgetKey)
        try await TestEnvironment.with { env in
            try await env.withRateBudget { budget in
                try await SharedRequestPacer(budget: budget, key: token.budgetKey, requestsPerSecond: 10, burst: 4).acquire()
            }
            #expect(try await env.count("SELECT count(*) FROM dixa_rate_budget WHERE budget_key LIKE '%super-secret%'") == 0)
            #expect(try await env.count("SELECT count(*) FROM dixa_rate_budget") == 1)
        }
    }
}
