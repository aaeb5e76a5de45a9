import Importer
import Logging
import Testing

@Suite("LateStart: a request that woke too late for its slot lets it go")
struct LateStartTests {
    @Test("the limit is a quarter of a slot: 25.51 ms at Dixa's 10 requests/s as sent")
    func limit() {
        #expect(LateStart.limit(interval: LimitAllowance.interval(requestsPerSecond: 10)) == .nanoseconds(25_510_250))
        #expect(LateStart.limit(interval: .milliseconds(100)) == .milliseconds(25))
    }

    @Test(
        "sent when on time or within the limit; otherwise another slot, at most three times",
        arguments: [
            (lateness: Duration.zero, slotsLetGo: 0, sends: true),
            (lateness: .milliseconds(25), slotsLetGo: 0, sends: true),
            (lateness: .microseconds(25_001), slotsLetGo: 0, sends: false),
            (lateness: .milliseconds(400), slotsLetGo: 2, sends: false),
            (lateness: .milliseconds(400), slotsLetGo: 3, sends: true),
            (lateness: .milliseconds(1), slotsLetGo: 3, sends: true),
        ]
    )
    func sends(lateness: Duration, slotsLetGo: Int, sends: Bool) {
        #expect(LateStart.sends(lateness: lateness, limit: .milliseconds(25), slotsLetGo: slotsLetGo) == sends)
    }

    @Test("the budget books another slot for each late wake, then sends the request once")
    func budgetLetsLateSlotsGo() async throws {
        let pacer = ScriptedPacer(latenesses: [.milliseconds(300), .milliseconds(80), .milliseconds(3)])
        let budget = RequestBudget(pacer: pacer, logger: Logger(label: "test"))
        var sent = 0
        try await budget.spend { sent += 1 }
        #expect(sent == 1)
        #expect(await pacer.acquired == 3)
    }

    @Test("a request whose process always wakes late is still sent, after three slots let go")
    func alwaysLateStillSends() async throws {
        let pacer = ScriptedPacer(latenesses: Array(repeating: .seconds(2), count: 10))
        let budget = RequestBudget(pacer: pacer, logger: Logger(label: "test"))
        var sent = 0
        try await budget.spend { sent += 1 }
        #expect(sent == 1)
        #expect(await pacer.acquired == LateStart.slotsLetGoAtMost + 1)
    }
}

/// A pacer whose waits end as late as it is told, in turn, and that counts the slots it handed out.
private actor ScriptedPacer: RequestPacer {
    private var latenesses: [Duration]
    private(set) var acquired = 0

    init(latenesses: [Duration]) {
        self.latenesses = latenesses
    }

    func acquire() async throws -> Duration {
        acquired += 1
        return latenesses.isEmpty ? .zero : latenesses.removeFirst()
    }

    nonisolated var lateStartLimit: Duration { .milliseconds(25) }

    func pause(for duration: Duration) async throws {}
}
