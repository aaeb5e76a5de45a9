import Foundation
import Outbox

/// The confirmation of a requeue: how many of the selected rows are dead and would be requeued. One statement (the
/// requeue, counting only).
struct RequeuePage {
    let title = "Requeue dead rows"
    let readOnly = false
    let csrf: String
    let ids: [String]
    let matched: Int
    let skipped: String?

    /// The ids a requeue form posts.
    static func ids(_ values: [String]) throws(ConsoleError) -> [Int64] {
        guard !values.isEmpty else { throw ConsoleError(.badRequest, "no row selected: tick at least one dead row") }
        guard values.count <= ConsoleLimits.requeueIDs else {
            throw ConsoleError(.badRequest, "at most \(ConsoleLimits.requeueIDs) rows can be requeued at once")
        }
        var ids: [Int64] = []
        for value in values {
            guard let id = Int64(value), id > 0 else { throw ConsoleError(.badRequest, "id \"\(value)\" is not a row id") }
            ids.append(id)
        }
        return Array(Set(ids)).sorted()
    }

    static func load(_ data: ConsoleData, ids: [Int64], csrf: String) async throws -> RequeuePage {
        let (matched, _) = try await data.run { try await $0.consoleRequeue(ids: ids, dryRun: true) }
        return RequeuePage(
            csrf: csrf,
            ids: ids.map(String.init),
            matched: matched,
            skipped: matched < ids.count ? String(ids.count - matched) : nil
        )
    }
}
