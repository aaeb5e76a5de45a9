/// Decides when a Dixa request may start, so that every request sent with one token stays within the token's budget
/// (Dixa: 10 requests/s, bursts of 4).
///
/// `TokenBucket` paces one process. A pacer that keeps its state elsewhere (the importer's PostgreSQL-backed one)
/// paces every process that shares the token; the client does not need to know which it has.
public protocol RequestPacer: Sendable {
    /// Waits until the next request may start.
    func acquire() async throws
    /// Holds back every later request for `duration`, after Dixa answered 429.
    func pause(for duration: Duration) async throws
}

extension TokenBucket: RequestPacer {}
