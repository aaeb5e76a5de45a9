import Foundation

/// Proof that this worker holds a row: every write-back names both, so a worker whose lease expired
/// and was claimed by another can never overwrite the new holder's work.
public struct Lease: Sendable, Hashable {
    public let rowID: Int64
    public let token: UUID

    public init(rowID: Int64, token: UUID) {
        self.rowID = rowID
        self.token = token
    }
}
