import Logging
import NIOCore
import PostgresNIO
import Synchronization

extension PostgresConnection {
    /// Runs `operation` on this connection, and fails it with `connectionLost` as soon as the connection closes, or
    /// when `timeout` passes without an answer, in which case it closes the connection.
    ///
    /// postgres-nio 1.33.2 never completes a statement written to a connection the server has just closed
    /// (a PostgreSQL restart, a terminated backend): the write is dropped, and the statement's caller waits for
    /// ever, uncancellably. So the operation runs in a task of its own that the caller can walk away from when
    /// the connection's close comes first.
    ///
    /// A connection whose packets are dropped without a reset (a NAT that forgot it, a failover) never closes at all:
    /// TCP would wait for hours. The timeout notices it, and closing the connection takes it out of the pool.
    func untilClosed<Result: Sendable>(
        timeout: Duration? = nil,
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let race = ClosingRace<Result>()
        let lost = OutboxError(.connectionLost, "the database connection closed while a statement was in flight")
        // One close callback per connection, shared by its statements: a callback per statement would stay
        // registered on a pooled connection's close future for the connection's whole life (a leak per statement).
        let watch = ConnectionCloseWatch.of(self)
        guard let token = watch.register({ race.finish(.failure(lost)) }) else { throw lost }
        defer { watch.unregister(token) }
        // A timer on the connection's event loop rather than a task: it costs next to nothing per statement.
        let timer = timeout.map { timeout in
            eventLoop.scheduleTask(
                in: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
            ) {
                race.finish(.failure(OutboxError(.connectionLost, "no answer from the database within \(timeout); closed the connection")))
                let _: EventLoopFuture<Void> = self.close()
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard race.start(continuation) else { return }
                race.attach(
                    Task {
                        do {
                            race.finish(.success(try await operation()))
                        } catch {
                            race.finish(.failure(error))
                        }
                    }
                )
            }
        } onCancel: {
            race.cancel()
        }
    }

    /// Runs `query` and collects its rows, failing at once if the connection closes meanwhile, or after `timeout`.
    @discardableResult
    func rows(_ query: PostgresQuery, timeout: Duration? = nil, logger: Logger) async throws -> [PostgresRow] {
        try await untilClosed(timeout: timeout) { try await self.query(query, logger: logger).collect() }
    }
}

/// The first of "the operation finished" and "the connection closed" resumes the caller; the other is ignored.
private final class ClosingRace<Result: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result, any Error>?
        var task: Task<Void, Never>?
        var cancelled = false
        var finished = false
        /// The outcome when it came before `start` (the connection closed in between).
        var early: Swift.Result<Result, any Error>?
    }
    private let state = Mutex(State())

    /// Returns false, having resumed `continuation` at once, when the race was already decided.
    func start(_ continuation: CheckedContinuation<Result, any Error>) -> Bool {
        let early = state.withLock { state -> Swift.Result<Result, any Error>? in
            if let early = state.early { return early }
            state.continuation = continuation
            return nil
        }
        guard let early else { return true }
        continuation.resume(with: early)
        return false
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
            if state.continuation == nil { state.early = result }
            defer {
                state.continuation = nil
                state.task = nil
            }
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

/// Every statement in flight on one connection, failed together when the connection closes. The close callback is
/// registered once per connection; statements come and go in a dictionary, so nothing piles up on a long-lived
/// pooled connection.
final class ConnectionCloseWatch: Sendable {
    private struct State {
        var closed = false
        var next: UInt64 = 0
        var onClose: [UInt64: @Sendable () -> Void] = [:]
    }
    private let state = Mutex(State())
    /// Holds the connection until it closes, so that its `ObjectIdentifier` cannot be reused meanwhile.
    private let connection: PostgresConnection

    private init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    private static let watches = Mutex<[ObjectIdentifier: ConnectionCloseWatch]>([:])

    /// The watch of `connection`, created (with its one close callback) on first use.
    static func of(_ connection: PostgresConnection) -> ConnectionCloseWatch {
        let key = ObjectIdentifier(connection)
        let (watch, created) = watches.withLock { watches -> (ConnectionCloseWatch, Bool) in
            if let existing = watches[key] { return (existing, false) }
            let watch = ConnectionCloseWatch(connection)
            watches[key] = watch
            return (watch, true)
        }
        if created {
            connection.closeFuture.whenComplete { _ in
                watches.withLock { watches in
                    if watches[key] === watch { watches[key] = nil }
                }
                watch.fire()
            }
        }
        return watch
    }

    /// Registers `onClose`; nil when the connection has already closed.
    func register(_ onClose: @escaping @Sendable () -> Void) -> UInt64? {
        state.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            state.onClose[state.next] = onClose
            return state.next
        }
    }

    func unregister(_ token: UInt64) {
        _ = state.withLock { $0.onClose.removeValue(forKey: token) }
    }

    private func fire() {
        let callbacks = state.withLock { state -> [@Sendable () -> Void] in
            state.closed = true
            defer { state.onClose = [:] }
            return Array(state.onClose.values)
        }
        for callback in callbacks { callback() }
    }
}
