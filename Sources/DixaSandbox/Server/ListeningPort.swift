/// The port the server bound, for callers that ask before the server is up.
actor ListeningPort {
    private enum State {
        case waiting
        case bound(Int)
        case stopped(any Error)
    }

    private var state = State.waiting
    private var waiters: [Int: CheckedContinuation<Int, any Error>] = [:]
    private var nextWaiter = 0

    func bind(_ port: Int) {
        guard case .waiting = state else { return }
        state = .bound(port)
        resumeAll(with: .success(port))
    }

    /// The server ended (or failed) before binding; waiters get `error`. No effect once bound.
    func stop(_ error: any Error) {
        guard case .waiting = state else { return }
        state = .stopped(error)
        resumeAll(with: .failure(error))
    }

    func wait() async throws -> Int {
        switch state {
        case .bound(let port): return port
        case .stopped(let error): throw error
        case .waiting: break
        }
        let id = nextWaiter
        nextWaiter += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    private func cancel(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }

    private func resumeAll(with result: Result<Int, any Error>) {
        let continuations = waiters.values
        waiters = [:]
        for continuation in continuations { continuation.resume(with: result) }
    }
}
