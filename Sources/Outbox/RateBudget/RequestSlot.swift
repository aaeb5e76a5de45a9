import Foundation

/// A request slot reserved in the shared budget (`RateBudgetStore.reserveRequestSlot`).
public struct RequestSlot: Sendable {
    /// How long after the server reckoned the slot the request may start.
    public var wait: Duration
    /// When the server reckoned it, by the database server's clock.
    public var reckonedAt: Date

    public init(wait: Duration, reckonedAt: Date) {
        self.wait = wait
        self.reckonedAt = reckonedAt
    }
}
