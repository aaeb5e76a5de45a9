import Foundation

/// One way the chatbot identifies a requester, normalised the way the cache keys it.
public struct EndUserIdentity: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case email
        case phone
        case externalId
    }
    public let kind: Kind
    public let value: String

    /// Normalises `raw`: trimmed of ASCII whitespace (as the outbox check trims it), and lowercased for
    /// email. Returns nil when nothing is left.
    public init?(_ kind: Kind, _ raw: String?) {
        guard let raw else { return nil }
        let trimmed = String(Blank.trimmed(raw))
        guard !trimmed.isEmpty else { return nil }
        self.kind = kind
        self.value = kind == .email ? trimmed.lowercased() : trimmed
    }
}

extension [EndUserIdentity] {
    /// The end user of the first of these identities, in their order, that `cached` knows.
    public func firstCached(in cached: [EndUserIdentity: UUID]) -> UUID? {
        lazy.compactMap { cached[$0] }.first
    }
}
