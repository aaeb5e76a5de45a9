import Synchronization

/// The first of "the operation finished" and "the connection closed" resumes the caller; the other is ignored.
final class ClosingRace<Result: Sendable>: Sendable {
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
