import DixaAPI
import Foundation
import Outbox

/// Step 6 (docs/ARCHITECTURE.md): finds the Dixa end user for a transcript's requester: the cache first, then Dixa's search by
/// email, phone and externalId in that order, and only when nothing matches, a new end user.
struct RequesterResolver: Sendable {
    let store: OutboxStore
    let dixa: DixaClient
    let budget: RequestBudget
    /// End users are per organisation: the cache and the identity locks are the tenant's own.
    let tenant: String

    /// `cacheMissed`: the cache was just looked up for this requester (by `RowProcessor.prepare`) and knew none of its
    /// identities, so the first look is skipped; the look under the locks still happens.
    func resolve(_ requester: Transcript.Requester, cacheMissed: Bool = false) async throws -> UUID {
        let identities = Self.identities(of: requester)
        if !cacheMissed, let cached = try await store.cachedEndUser(tenant: tenant, for: identities) {
            return cached
        }
        // Not cached: take the identity locks, then look again, because the row that held them may have
        // just resolved (and cached) the same requester.
        return try await store.withEndUserLock(tenant: tenant, identities) { cache in
            if let cached = try await cache.cachedEndUser(for: identities) {
                return cached
            }
            return try await lookUpOrCreate(requester, identities, cache)
        }
    }

    private func lookUpOrCreate(_ requester: Transcript.Requester, _ identities: [EndUserIdentity], _ cache: LockedEndUsers) async throws -> UUID {
        if let found = try await lookUp(identities, cache) {
            return found
        }
        let created: EndUser
        do {
            created = try await budget.spend { try await dixa.createEndUser(Self.creationInput(for: requester)) }
        } catch let error as DixaError where error.code == .timeout || error.code == .transport {
            // The create may still land at Dixa. Keep the identity locked (so no other row creates a second end
            // user meanwhile) for as long again as we waited, then look once more.
            try await Task.sleep(for: dixa.configuration.requestTimeout)
            if let found = try await lookUp(identities, cache) {
                return found
            }
            throw error
        }
        try await cache.cacheEndUser(created.id, for: identities)
        return created.id
    }

    /// Dixa's search by each identity in turn; caches and returns the first match.
    private func lookUp(_ identities: [EndUserIdentity], _ cache: LockedEndUsers) async throws -> UUID? {
        for identity in identities {
            if let found = try await budget.spend({ try await dixa.findEndUsers(identity.filter) }).first {
                try await cache.cacheEndUser(found.id, for: identities)
                return found.id
            }
        }
        return nil
    }

    static func identities(of requester: Transcript.Requester) -> [EndUserIdentity] {
        [
            EndUserIdentity(.email, requester.email),
            EndUserIdentity(.phone, requester.phone),
            EndUserIdentity(.externalId, requester.externalId),
        ].compactMap { $0 }
    }

    static func creationInput(for requester: Transcript.Requester) -> CreateEndUserInput {
        func clean(_ value: String?) -> String? {
            guard let value, !Blank.isBlank(value) else { return nil }
            return String(Blank.trimmed(value))
        }
        let fullName = [clean(requester.firstName), clean(requester.lastName)].compactMap { $0 }.joined(separator: " ")
        let email = EndUserIdentity(.email, requester.email)?.value
        return CreateEndUserInput(
            displayName: clean(requester.displayName) ?? clean(fullName) ?? email ?? clean(requester.phone) ?? clean(requester.externalId),
            email: email,
            phoneNumber: clean(requester.phone),
            firstName: clean(requester.firstName),
            lastName: clean(requester.lastName),
            externalId: clean(requester.externalId)
        )
    }
}

extension EndUserIdentity {
    var filter: EndUserFilter {
        switch kind {
        case .email: .email(value)
        case .phone: .phone(value)
        case .externalId: .externalId(value)
        }
    }
}
