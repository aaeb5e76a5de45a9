import Foundation
import Testing

@testable import Outbox

/// The console's statements (`sql/reports/console_*.sql`) bind as their files say, like those of `sql/queries/`.
@Suite("Each console statement's parameters match its SQL file")
struct ConsoleStatementTests {
    static let statements: [any OutboxStatement] = [
        ConsoleStatesStatement(limit: 1), ConsoleOldestDueStatement(), ConsoleMinutesStatement(minutes: 1), ConsoleBudgetStatement(limit: 1),
        ConsoleActiveHaltsStatement(limit: 1), ConsoleHaltsStatement(tenant: "t", limit: 1),
        ConsoleDeadRowsStatement(filter: .init(tenant: "t", errorCode: "c", minimumAgeMinutes: 1), limit: 1),
        ConsoleDeadCodesStatement(limit: 1), ConsoleRowStatement(id: 1),
        ConsoleRowAttemptsStatement(id: 1, limit: 1), ConsoleRowPartialErrorsStatement(id: 1, limit: 1),
        ConsoleConversationEventsStatement(tenant: "t", conversationID: 1, limit: 1),
    ]

    @Test("binds in the file's order, with the file's names", arguments: statements.map { StatementCase($0) })
    func bindsMatchTheFile(_ example: StatementCase) throws {
        #expect(example.names == (try OutboxStatementTests.declaredBinds(example.file)), "\(example.file.name).sql")
        #expect(example.bindCount == example.names.count)
        #expect(OutboxStatementTests.highestParameter(example.file) == example.names.count)
    }

    @Test("every console file has exactly one statement type")
    func everyFileHasAStatement() {
        let files = Self.statements.map { StatementCase($0).file.name }
        #expect(Set(files).count == files.count, "a file has two statement types")
        #expect(Set(files) == Set(ConsoleQueries.all.map(\.name)))
    }
}
