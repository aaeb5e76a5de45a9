/// Decides when a Dixa request may start, so that every request sent with one token stays within the token's budget
/// (Dixa: 10 requests/s, bursts of 4).
///
/// `TokenBucket` paces one process. A pacer that keeps its state elsewhere (the importer's PostgreSQL-backed one)
/// paces every process that shares the token; the client does not need to know which it has.
public protocol RequestPacer: Sendable {
    /// Waits until the next request's slot, and returns how far past the slot the wait ended, at most. A process
    /// that was not scheduled in time wakes late; a request sent then reaches Dixa together with the ones booked after
    /// it (`LateStart`).
    @discardableResult
    func acquire() async throws -> Duration
    /// How late a request may start past its slot and still be sent (`LateStart.limit`).
    var lateStartLimit: Duration { get }
    /// Holds back every later request for `duration`, after Dixa answered 429.
    func pause(for duration: Duration) async throws
}

extension TokenBucket: RequestPacer {}
