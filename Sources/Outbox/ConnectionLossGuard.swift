import Logging
import PostgresNIO
import Synchronization

extension PostgresConnection {
    /// Runs `operation` on this connection, and fails it with `connectionLost` as soon as the connection closes.
    ///
    /// postgres-nio 1.33.2 never completes a statement written to a connection the server has just closed
    /// (a PostgreSQL restart, a terminated backend): the write is dropped, and the statement's caller waits for
    /// ever, uncancellably. So the operation runs in a task of its own that the caller can walk away from when
    /// the connection's close comes first.
    func untilClosed<Result: Sendable>(_ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let race = ClosingRace<Result>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation)
                race.attach(
                    Task {
                        do {
                            race.finish(.success(try await operation()))
                        } catch {
                            race.finish(.failure(error))
                        }
                    }
                )
                closeFuture.whenComplete { _ in
                    race.finish(.failure(OutboxError(.connectionLost, "the database connection closed while a statement was in flight")))
                }
            }
        } onCancel: {
            race.cancel()
        }
    }

    /// Runs `query` and collects its rows, failing at once if the connection closes meanwhile.
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await untilClosed { try await self.query(query, logger: logger).collect() }
    }
}

/// The first of "the operation finished" and "the connection closed" resumes the caller; the other is ignored.
private final class ClosingRace<Result: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result, any Error>?
        var task: Task<Void, Never>?
        var cancelled = false
        var finished = false
    }
    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Result, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func attach(_ task: Task<Void, Never>) {
        let cancelNow = state.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelNow { task.cancel() }
    }

    func finish(_ result: Swift.Result<Result, any Error>) {
        let (continuation, task) = state.withLock { state -> (CheckedContinuation<Result, any Error>?, Task<Void, Never>?) in
            guard !state.finished else { return (nil, nil) }
            state.finished = true
            defer { state.continuation = nil }
            return (state.continuation, state.task)
        }
        guard let continuation else { return }
        // When the close wins, the abandoned statement is cancelled; if it ignores that, it stays suspended.
        if case .failure = result { task?.cancel() }
        continuation.resume(with: result)
    }

    func cancel() {
        let task = state.withLock { state -> Task<Void, Never>? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }
}
