import Testing

@testable import Importer

/// How long `run` sleeps after a claim loop that claimed nothing: no database, no clock.
@Suite("The idle wait: sleep until something can be claimed, never spin")
struct IdleWaitTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let untilRecheck: Duration?
        let untilNextDue: Duration?
        let paces: [TenantPace?]
        let expected: Duration
        var testDescription: String { name }
    }

    static let dixa = TenantPace(requestsPerSecond: 10, burst: 4, budgetKey: "k")
    static let fast = TenantPace(requestsPerSecond: 50, burst: 4, budgetKey: "f")
    static let unlimited = TenantPace(requestsPerSecond: 100_000, burst: 4, budgetKey: nil)

    static let cases: [Case] = [
        Case(name: "nothing pending: the poll interval", untilRecheck: nil, untilNextDue: nil, paces: [dixa], expected: .seconds(5)),
        Case(name: "a retry due in 2 s: just after it", untilRecheck: nil, untilNextDue: .seconds(2), paces: [dixa], expected: .milliseconds(2005)),
        Case(name: "a retry due after the poll: the poll", untilRecheck: nil, untilNextDue: .seconds(60), paces: [dixa], expected: .seconds(5)),
        Case(
            name: "a halt rechecked in 1 s: just after it",
            untilRecheck: .seconds(1),
            untilNextDue: nil,
            paces: [dixa],
            expected: .milliseconds(1005)
        ),
        Case(
            name: "rows due now but none claimed (a budget booked ahead): one request interval, not a spin",
            untilRecheck: nil,
            untilNextDue: .milliseconds(-300),
            paces: [dixa],
            expected: .microseconds(102_041)  // 98 % of 10 a second (LimitAllowance)
        ),
        Case(
            name: "booked ahead, several tenants: the fastest budget's interval",
            untilRecheck: nil,
            untilNextDue: .zero,
            paces: [dixa, fast],
            expected: .microseconds(20_408)
        ),
        Case(
            name: "due now, unpaced tenants (rows locked by another claim): the floor",
            untilRecheck: nil,
            untilNextDue: .zero,
            paces: [nil],
            expected: .milliseconds(5)
        ),
        Case(
            name: "due now, a budget faster than the floor: the floor",
            untilRecheck: nil,
            untilNextDue: .zero,
            paces: [unlimited],
            expected: .milliseconds(5)
        ),
        Case(
            name: "due now and a recheck sooner than a slot: the recheck",
            untilRecheck: .milliseconds(30),
            untilNextDue: .zero,
            paces: [dixa],
            expected: .milliseconds(35)
        ),
        Case(
            name: "a recheck already late: the floor",
            untilRecheck: .milliseconds(-50),
            untilNextDue: nil,
            paces: [dixa],
            expected: .milliseconds(5)
        ),
    ]

    @Test("the wait after an empty claim", arguments: cases)
    func wait(_ example: Case) {
        let tenants = example.paces.enumerated().map { (name: "t\($0.offset)", pace: $0.element) }
        let wait = IdleWait.duration(poll: .seconds(5), untilRecheck: example.untilRecheck, untilNextDue: example.untilNextDue, tenants: tenants)
        #expect(wait == example.expected)
    }
}
