import Foundation
import Outbox
import Synchronization

/// Marks imported rows done (step 13) in as few statements as possible, by group commit: the first row to finish writes
/// alone, and every row that finishes while that statement runs is written by the next one, together.
/// Nothing waits for a batch to fill, so a lone row costs no latency, and a busy worker writes one statement per
/// handful of rows instead of one per row.
///
/// Each caller still waits for its own row's write, so a row counts as imported only once that is durable.
final class ImportCompleter: Sendable {
    private struct Waiting: Sendable {
        let row: ImportedRow
        let continuation: CheckedContinuation<Bool, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var writing = false
        var statements = 0
    }

    private let store: OutboxStore
    private let worker: String
    private let state = Mutex(State())

    init(store: OutboxStore, worker: String) {
        self.store = store
        self.worker = worker
    }

    /// Statements written so far, each for one or more rows.
    var statementsWritten: Int { state.withLock { $0.statements } }

    /// Marks `row` imported with its attempt. Returns false when the lease was lost, in which case nothing was
    /// written for it.
    func complete(_ row: ImportedRow) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            let leads = state.withLock { state -> Bool in
                state.waiting.append(Waiting(row: row, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            // Unstructured, so the rows it writes for are not tied to the cancellation of the row that started it.
            if leads { Task { await self.writeUntilNoneWait() } }
        }
    }

    private func writeUntilNoneWait() async {
        while true {
            let group = state.withLock { state -> [Waiting] in
                defer { state.waiting.removeAll(keepingCapacity: true) }
                if state.waiting.isEmpty { state.writing = false } else { state.statements += 1 }
                return state.waiting
            }
            guard !group.isEmpty else { return }
            do {
                let written = try await store.completeImported(group.map(\.row), worker: worker)
                for waiting in group { waiting.continuation.resume(returning: written.contains(waiting.row.lease.rowID)) }
            } catch {
                for waiting in group { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
